/// A formula parsed from the TeX subset, as a tree that maps one to one onto MathML Core
/// elements (see `MathMLRenderer`).
public indirect enum MathNode: Hashable, Sendable {
  /// `<mi>`: a letter or name. `upright` asks for `mathvariant="normal"` on a single
  /// character (TeX sets upper-case Greek and `\mathrm` upright).
  case identifier(String, upright: Bool)
  /// `<mn>`: digits with at most one decimal point, `6.02`.
  case number(String)
  /// `<mo>`: an operator, relation or delimiter. `stretchy` is written as an attribute
  /// when not nil (plain delimiters are `false`, `\left`/`\right` ones `true`).
  case op(String, stretchy: Bool? = nil)
  /// `<mtext>`: words from `\text{...}`.
  case text(String)
  /// `<mspace width="...em">`, from `\,` `\;` `\quad` ...
  case space(em: Double)
  /// `<mrow>`: a braced group or a sequence.
  case row([MathNode])
  /// `<mfrac>`: `\frac{numerator}{denominator}`.
  case fraction(MathNode, MathNode)
  /// `<msqrt>`, or `<mroot>` with an index: `\sqrt[n]{x}`.
  case root(MathNode, index: MathNode?)
  /// `<msub>`/`<msup>`/`<msubsup>`, or `<munder>`/`<mover>`/`<munderover>` when `limits`
  /// (a big operator such as `\sum`, or `\max` in display math).
  case scripts(base: MathNode, sub: MathNode?, sup: MathNode?, limits: Bool)
  /// `<mover accent="true">`: `\hat{x}` puts `mark` over `base`.
  case accent(MathNode, mark: String)
  /// A function name (`\log`, `\operatorname{round}`): `<mi>` followed by U+2061.
  case function(String)
  /// `\left( ... \right)`: an `<mrow>` with stretchy fences; nil is `\left.`.
  case fenced(open: String?, MathNode, close: String?)
  /// `<mtable>` from `\begin{cases}` or a matrix environment.
  case table(MathTable)
  /// `\val{expression}`: a value of the run, shown as `<mn>` (numbers) or `<mtext>`.
  case value(MathValue)
}

/// An environment's rows of cells (`&` separates cells, `\\` rows).
public struct MathTable: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    /// A left brace and left-aligned columns.
    case cases
    /// No delimiters; `pmatrix` adds parentheses, `bmatrix` brackets.
    case matrix, pmatrix, bmatrix
  }

  public var kind: Kind
  public var rows: [[MathNode]]
}

/// An inline value inside math: `\val{q.scale}`.
public struct MathValue: Hashable, Sendable {
  /// The expression, blanks trimmed.
  public var expression: String
  /// UTF-8 byte range of `expression` in the TeX text.
  public var range: Range<Int>
  /// 0-based position among the values of its formula.
  public var index: Int
}

/// A parsed formula: the tree, whether it is display math, and its values.
public struct MathFormula: Hashable, Sendable {
  /// The TeX source between the dollars.
  public var tex: String
  public var display: Bool
  public var root: MathNode
  /// `\val{...}` occurrences in source order (`index` is the position here).
  public var values: [MathValue]
}
