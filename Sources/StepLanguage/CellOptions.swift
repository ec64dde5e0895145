import MarkdownNotebook

/// The cell options a notebook may set with `#| key: value` lines, and their checking.
///
/// This table is the one list of option keys: the checker validates against it, the runner
/// reads the typed result (`CellOptions`), and docs/LANGUAGE.md lists the same keys (a test
/// keeps the two in step).

/// One known cell option: its key, what its value must be, where the checked value goes,
/// and a one-line doc.
public struct CellOptionKey: Sendable, Hashable {
  /// What a value must look like.
  public enum Kind: Sendable, Hashable {
    /// Any text, kept as written (`#| caption: 0.50` stays `0.50`).
    case text
    /// `true` or `false`.
    case flag
    /// ASCII letters, digits, `-` and `_`, at least one: an anchor name.
    case label
  }

  /// The field of `CellOptions` a checked value is stored in.
  enum Field: Sendable, Hashable {
    case text(WritableKeyPath<CellOptions, String?> & Sendable)
    case flag(WritableKeyPath<CellOptions, Bool> & Sendable)
  }

  public let key: String
  public let kind: Kind
  let field: Field
  /// The value when the option is not given, as it would be written (`true`), if any.
  public let defaultValue: String?
  public let doc: String

  /// Every option the runner reads, in the order the docs list them.
  public static let all: [CellOptionKey] = [
    CellOptionKey(
      key: "caption", kind: .text, field: .text(\.caption), defaultValue: nil,
      doc: "a title shown above the cell"),
    CellOptionKey(
      key: "echo", kind: .flag, field: .flag(\.echo), defaultValue: "true",
      doc: "show the cell's source in the report"),
    CellOptionKey(
      key: "cache", kind: .flag, field: .flag(\.cache), defaultValue: "true",
      doc: "reuse results of an earlier run (`false`: always run the cell)"),
    CellOptionKey(
      key: "label", kind: .label, field: .text(\.label), defaultValue: nil,
      doc: "an anchor for links to the cell"),
    CellOptionKey(
      key: "shard", kind: .flag, field: .flag(\.shard), defaultValue: "false",
      doc: "split the iterations of the cell's top-level `for` loop among `run --shard` processes"),
  ]

  /// The known option with this key.
  public static func named(_ key: String) -> CellOptionKey? { all.first { $0.key == key } }
}

/// Cell options after checking, typed; a cell without an option gets its default.
public struct CellOptions: Sendable, Hashable {
  public var caption: String?
  /// Whether the report shows the cell's source.
  public var echo = true
  /// Whether the runner may reuse cached results.
  public var cache = true
  public var label: String?
  /// Whether the iterations of the cell's top-level `for` loops are split among shards.
  public var shard = false

  public init() {}
}

extension NotebookChecker {
  /// Validates a cell's `#| key: value` options against `CellOptionKey.all`: an unknown key,
  /// a value of the wrong kind and a key given twice are errors. Returns the typed options
  /// (defaults where an option is missing or wrong).
  mutating func checkOptions(_ options: [CellOption]) -> CellOptions {
    var result = CellOptions()
    var seen: [String: SourceRange] = [:]
    for option in options {
      if let first = seen[option.key] {
        diagnostics.append(
          .error(
            "cell option '\(option.key)' is already set on line \(first.start.line); remove one "
              + "of them",
            at: option.keyRange, notes: [DiagnosticNote("first set here", range: first)]))
        continue
      }
      seen[option.key] = option.keyRange
      guard let known = CellOptionKey.named(option.key) else {
        reportUnknownOption(option)
        continue
      }
      switch known.field {
      case .flag(let field):
        guard let flag = flag(option) else { continue }
        result[keyPath: field] = flag
      case .text(let field):
        if known.kind == .label, !Self.isLabel(option.text) {
          diagnostics.append(
            .error(
              "cell option '\(option.key)' uses letters, digits, '-' and '_' only, not "
                + "'\(option.text)'",
              at: option.valueRange))
          continue
        }
        result[keyPath: field] = option.text
      }
    }
    return result
  }

  /// `shard: true` needs a top-level `for` loop to split and the cache to gather it in.
  mutating func checkShardOption(
    _ options: CellOptions, given: [CellOption], statements: [TypedStatement]
  ) {
    guard options.shard, let option = given.first(where: { $0.key == "shard" }) else { return }
    if !options.cache {
      diagnostics.append(
        .error(
          "cell option 'shard' gathers the loop's iterations through the cache; "
            + "it cannot be used with 'cache: false'",
          at: option.keyRange))
    } else if !statements.contains(where: { if case .loop = $0.kind { true } else { false } }) {
      diagnostics.append(
        .error(
          "cell option 'shard' splits a top-level `for` loop among shards, but this cell has none",
          at: option.keyRange))
    }
  }

  private mutating func reportUnknownOption(_ option: CellOption) {
    let keys = CellOptionKey.all.map(\.key)
    diagnostics.append(
      .misspelled(
        "unknown cell option '\(option.key)'", option.key, among: keys, at: option.keyRange,
        otherwise: "; cell options are \(Suggestions.list(keys))"))
  }

  /// `true` or `false`; anything else is reported (with a "did you mean" when close).
  private mutating func flag(_ option: CellOption) -> Bool? {
    switch option.text {
    case "true": return true
    case "false": return false
    default:
      diagnostics.append(
        .misspelled(
          "cell option '\(option.key)' must be true or false, not '\(option.text)'", option.text,
          among: ["true", "false"], at: option.valueRange))
      return nil
    }
  }

  /// Non-empty ASCII letters, digits, `-` and `_`.
  static func isLabel(_ text: String) -> Bool {
    !text.isEmpty
      && text.utf8.allSatisfy { byte in
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
          || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
          || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
          || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
      }
  }
}
