import MarkdownNotebook

/// An expression as written, before type checking. `range` covers its whole source text.
public struct Expression: Sendable, Hashable {
  public indirect enum Kind: Sendable, Hashable {
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case string(String)
    /// `28x28x1` -> `[28, 28, 1]`.
    case shape([Int])
    /// A bare name: a variable, a notebook parameter or an enumeration constant.
    case name(String)
    /// `base.member`; `memberRange` covers the member name only.
    case member(Expression, member: String, memberRange: SourceRange)
    case call(Call)
    case list([Expression])
    /// `-x` (numbers only).
    case negate(Expression)
    /// `left op right` (`a.accuracy - b.accuracy`, `x > y`); `operatorRange` covers the operator.
    case binary(BinaryOperator, Expression, Expression, operatorRange: SourceRange)
    /// Left where the parser found no expression (an error was reported there).
    case missing
  }

  public var kind: Kind
  public var range: SourceRange
}

/// `name(arguments) [layers]`.
public struct Call: Sendable, Hashable {
  public var name: String
  public var nameRange: SourceRange
  public var arguments: [Argument]
  /// The range from `(` to `)` inclusive.
  public var argumentsRange: SourceRange
  /// The layer block after the call (`sequential(input: 28x28x1) [ ... ]`), if any.
  public var layers: [Expression]?
  public var layersRange: SourceRange?
  /// `false` when a syntax error cut the call short (the checker then stays quiet about
  /// missing arguments and gives the call an error type).
  public var isComplete = true
}

/// `label: value` or a positional `value`.
public struct Argument: Sendable, Hashable {
  public var label: String?
  public var labelRange: SourceRange?
  public var value: Expression
  /// From the label (or the value when positional) to the end of the value.
  public var range: SourceRange
}

/// One statement of a cell.
public struct Statement: Sendable, Hashable {
  public indirect enum Kind: Sendable, Hashable {
    /// `name = value`.
    case assignment(name: String, nameRange: SourceRange, value: Expression)
    /// A bare expression: its value is shown as the cell's output.
    case expression(Expression)
    /// `for variable in sequence { body }`.
    case forLoop(
      variable: String, variableRange: SourceRange, sequence: Expression, body: [Statement])
  }

  public var kind: Kind
  public var range: SourceRange
}

/// A parsed cell: its options, statements, tokens (for highlighting) and syntax diagnostics.
public struct ParsedCell: Sendable {
  /// Its `#| key: value` lines (MarkdownNotebook's `CellOption`; the checker reads each one's
  /// `text` against `CellOptionKey`).
  public var options: [CellOption]
  public var statements: [Statement]
  public var tokens: [Token]
  public var diagnostics: [Diagnostic]
  /// The code text's range in the file.
  public var range: SourceRange
}
