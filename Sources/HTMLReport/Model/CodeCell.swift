/// One `quant` code cell as shown in the report: its source (already split into highlighted
/// spans by the language's lexer), its options and its outputs.
public struct CodeCell: Sendable, Equatable {
  /// `#| caption:`; shown as the cell's heading.
  public var caption: String?
  /// `#| label:`; becomes the cell's `id` (slugged) so it can be linked to.
  public var label: String?
  /// The source as highlighted spans; concatenated texts give the source exactly.
  public var source: [CodeSpan]
  /// `#| echo:`; when false the source is not shown, only the outputs.
  public var echo: Bool
  /// Time the cell took to run (nil when it did not run).
  public var duration: Duration?
  /// True when the outputs came from the cache rather than a fresh run.
  public var cached: Bool
  /// Where the cell starts, e.g. `notebooks/02-bits.md:41`.
  public var location: String?
  public var outputs: [CellOutput]

  public init(
    caption: String? = nil, label: String? = nil, source: [CodeSpan], echo: Bool = true,
    duration: Duration? = nil, cached: Bool = false, location: String? = nil,
    outputs: [CellOutput] = []
  ) {
    self.caption = caption
    self.label = label
    self.source = source
    self.echo = echo
    self.duration = duration
    self.cached = cached
    self.location = location
    self.outputs = outputs
  }

  /// True when any output is an error.
  public var hasError: Bool {
    outputs.contains { if case .error = $0 { return true } else { return false } }
  }
}

/// A run of source text with one highlighting kind.
public struct CodeSpan: Sendable, Equatable {
  public var text: String
  public var kind: TokenKind
  public init(_ text: String, _ kind: TokenKind = .plain) {
    self.text = text
    self.kind = kind
  }
}

/// Highlighting classes of the step language. The raw value is the CSS class suffix
/// (`tok-keyword`, ...).
public enum TokenKind: String, Sendable, Equatable, CaseIterable {
  case keyword
  case identifier
  /// A step name (`train`, `quantize`).
  case step
  case number
  case string
  /// A shape literal (`28x28x1`).
  case shape
  /// An enum value (`symmetric`, `per_channel`).
  case `enum`
  case `operator`
  case comment
  /// A `#| key: value` cell option line.
  case option
  case plain
}
