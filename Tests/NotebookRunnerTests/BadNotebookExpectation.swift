import Foundation

/// What a bad notebook of the corpus must produce, read from its `NAME.expect` sidecar.
///
/// The sidecar holds one `key: value` per line (blank lines and `#` comments are skipped):
///
///     exit: 1                      # what `quantbook run` exits with (1 notebook error, 2 usage)
///     at: 12:7                     # LINE:COL of the first diagnostic in the notebook file
///     message: is used before it   # a substring of the first diagnostic's message
///     args: --data-dir {tiny-idx}  # optional: extra `quantbook run` arguments
///
/// `at: none` is allowed only for an error that no notebook position can carry (the runner
/// stopped before reading the notebook, e.g. an unwritable output folder).
struct BadNotebookExpectation: Equatable {
  var exit: Int32
  /// Line and column (1-based, column in UTF-8 bytes); nil for `at: none`.
  var position: (line: Int, column: Int)?
  var message: String
  /// Extra arguments, split at spaces; `{name}` placeholders still unresolved.
  var arguments: [String]

  static func == (a: Self, b: Self) -> Bool {
    a.exit == b.exit && a.position?.line == b.position?.line
      && a.position?.column == b.position?.column
      && a.message == b.message && a.arguments == b.arguments
  }

  struct FormatError: Error, CustomStringConvertible {
    var description: String
  }

  static let keys = ["exit", "at", "message", "args"]

  /// Parses a sidecar; an unknown or repeated key, a missing required key or a malformed
  /// value is an error (so that a typo cannot silently weaken a test).
  static func parse(_ text: String) throws(FormatError) -> BadNotebookExpectation {
    var values: [String: String] = [:]
    for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      guard let colon = line.firstIndex(of: ":") else {
        throw FormatError(description: "line \(number + 1): expected 'key: value', got '\(line)'")
      }
      let key = String(line[..<colon])
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      guard keys.contains(key) else {
        throw FormatError(description: "line \(number + 1): unknown key '\(key)'; keys are \(keys)")
      }
      guard values[key] == nil else {
        throw FormatError(description: "line \(number + 1): '\(key)' given twice")
      }
      values[key] = value
    }
    guard let exitText = values["exit"], let exit = Int32(exitText), exit == 1 || exit == 2 else {
      throw FormatError(description: "'exit:' must be 1 (notebook error) or 2 (usage error)")
    }
    guard let at = values["at"] else { throw FormatError(description: "'at: LINE:COL' is missing") }
    var position: (Int, Int)?
    if at != "none" {
      let parts = at.split(separator: ":").compactMap { Int($0) }
      guard parts.count == 2, parts[0] >= 1, parts[1] >= 1 else {
        throw FormatError(
          description: "'at:' must be LINE:COL (both at least 1) or 'none', got '\(at)'")
      }
      position = (parts[0], parts[1])
    }
    guard let message = values["message"], !message.isEmpty else {
      throw FormatError(description: "'message:' is missing or empty")
    }
    let arguments = (values["args"] ?? "").split(separator: " ").map(String.init)
    return BadNotebookExpectation(
      exit: exit, position: position, message: message, arguments: arguments)
  }

  /// `--param`, `--data-dir` and `--no-cache` of `quantbook run`, after placeholders are
  /// replaced by `resolve` (which returns nil for an unknown placeholder).
  struct RunArguments {
    var overrides: [String] = []
    var dataFolder: String?
    var useCache = true
  }

  func runArguments(resolve: (String) -> String?) throws(FormatError) -> RunArguments {
    var result = RunArguments()
    var rest = arguments[...]
    func value(_ option: String) throws(FormatError) -> String {
      guard let next = rest.popFirst() else {
        throw FormatError(description: "'\(option)' needs a value")
      }
      guard next.hasPrefix("{") else { return next }
      guard next.hasSuffix("}"), let path = resolve(String(next.dropFirst().dropLast())) else {
        throw FormatError(description: "unknown placeholder '\(next)'")
      }
      return path
    }
    while let option = rest.popFirst() {
      switch option {
      case "--param": result.overrides.append(try value(option))
      case "--data-dir": result.dataFolder = try value(option)
      case "--no-cache": result.useCache = false
      default:
        throw FormatError(
          description: "'args:' supports --param, --data-dir, --no-cache; got '\(option)'")
      }
    }
    return result
  }
}
