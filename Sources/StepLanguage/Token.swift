import MarkdownNotebook

/// What a token is; the report's highlighter colours a token by its kind.
public enum TokenKind: String, Sendable, Hashable, CaseIterable {
  /// `for`, `in`, `true`, `false`.
  case keyword
  /// A name bound by the user or a notebook parameter.
  case identifier
  /// An identifier directly followed by `(`: a step call.
  case stepName
  /// An integer literal: `32`.
  case integer
  /// A float literal: `0.001`, `1e-3`, `2.5E+4`.
  case float
  /// A string literal with its quotes: `"hello"`.
  case string
  /// A shape literal: `28x28x1`.
  case shape
  /// An enumeration constant such as `relu`, `per_channel`.
  case enumConstant
  /// `( ) [ ] { } , : = . -` and the operators `+ * / < > <= >= == !=`
  case punctuation
  /// `# ...` to the end of the line.
  case comment
  /// `#| key: value` at the top of a cell.
  case cellOption
  /// A line break (statements end at line breaks).
  case newline
  /// A byte sequence that is not a token (reported as an error).
  case invalid
  /// The end of the text (empty range).
  case endOfFile
}

/// One token of step-language source.
public struct Token: Sendable, Hashable {
  public var kind: TokenKind
  /// The exact source text of the token (for a string literal: with its quotes).
  public var text: String
  /// Byte offsets in the code text.
  public var local: Range<Int>
  /// The token's range in the notebook file.
  public var range: SourceRange

  /// Whether this is the punctuation `symbol`.
  @inlinable public func isPunctuation(_ symbol: String) -> Bool {
    kind == .punctuation && text == symbol
  }
}
