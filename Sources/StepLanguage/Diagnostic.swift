import MarkdownNotebook

/// How bad a diagnostic is. Any error stops a run before it starts; warnings do not.
public enum Severity: String, Sendable, Hashable {
  case note
  case warning
  case error
}

/// A suggested edit: replace the text in `range` with `replacement`.
public struct FixIt: Sendable, Hashable {
  public var range: SourceRange
  public var replacement: String
}

/// Extra information attached to a diagnostic (for example "first defined here", or one
/// line of a layer-shape trace). `range` is `nil` for a note that points nowhere.
public struct DiagnosticNote: Sendable, Hashable {
  public var message: String
  public var range: SourceRange?

  public init(_ message: String, range: SourceRange? = nil) {
    self.message = message
    self.range = range
  }
}

/// One message from the lexer, parser or checker, with the exact file range it is about.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  public var severity: Severity
  public var message: String
  public var range: SourceRange
  public var notes: [DiagnosticNote]
  public var fixIt: FixIt?

  public static func error(
    _ message: String, at range: SourceRange, notes: [DiagnosticNote] = [], fixIt: FixIt? = nil
  ) -> Diagnostic {
    Diagnostic(severity: .error, message: message, range: range, notes: notes, fixIt: fixIt)
  }

  /// An error about `name`, which is none of `candidates`: `message` followed by
  /// "; did you mean 'x'?" and a fix-it replacing `range` when a candidate is close
  /// (`Suggestions.closest`), else by `otherwise`.
  static func misspelled<S: Sequence>(
    _ message: String, _ name: String, among candidates: S, at range: SourceRange,
    otherwise: String = ""
  ) -> Diagnostic where S.Element == String {
    let suggestion = Suggestions.closest(to: name, in: candidates)
    return .error(
      message + (suggestion.map { "; did you mean '\($0)'?" } ?? otherwise), at: range,
      fixIt: suggestion.map { FixIt(range: range, replacement: $0) })
  }

  public static func warning(
    _ message: String, at range: SourceRange, notes: [DiagnosticNote] = [], fixIt: FixIt? = nil
  ) -> Diagnostic {
    Diagnostic(severity: .warning, message: message, range: range, notes: notes, fixIt: fixIt)
  }

  /// `line:col: severity: message` (byte column), for logs and test failures.
  public var description: String { "\(range.start): \(severity.rawValue): \(message)" }
}

extension Array where Element == Diagnostic {
  /// Whether any diagnostic is an error.
  public var hasErrors: Bool { contains { $0.severity == .error } }

  /// The diagnostics in file order (stable for equal positions).
  public func sortedByLocation() -> [Diagnostic] {
    enumerated().sorted { a, b in
      a.element.range.start.offset != b.element.range.start.offset
        ? a.element.range.start.offset < b.element.range.start.offset : a.offset < b.offset
    }.map(\.element)
  }
}
