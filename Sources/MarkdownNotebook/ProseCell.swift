/// An inline code span whose text starts with `= `, such as `` `= base.accuracy` ``: the
/// report shows the value of the expression in its place.
public struct InlineExpression: Hashable, Sendable {
  /// The expression after `= `, blanks trimmed (line breaks inside the span become spaces).
  public var text: String
  /// Range of the expression text in the file (without the `= ` and the backticks).
  public var range: SourceRange
  /// 0-based position among all inline expressions of the notebook.
  public var index: Int
  /// True for a `\val{expression}` inside a formula, false for a `= ` code span.
  public var inMath: Bool = false
}

/// A heading of the notebook's prose, for the table of contents.
public struct Heading: Hashable, Sendable {
  /// 1 to 6.
  public var level: Int
  /// The heading's text with markup removed (code spans keep their text).
  public var text: String
  /// An id unique within the notebook: lowercase words joined by '-'; a repeat gets `-2`,
  /// `-3`, ... (see `Slugger`).
  public var slug: String
  /// Range of the heading's block in the file.
  public var range: SourceRange
}

/// Consecutive Markdown blocks between code cells, kept as their exact source text.
public struct ProseCell: Hashable, Sendable {
  /// The exact file text from the first block's line to the end of the last block's line,
  /// line terminators included.
  public let markdown: String
  /// Range of `markdown` in the file.
  public let range: SourceRange
  /// Headings in document order (including those inside lists and block quotes).
  public let headings: [Heading]
  /// Inline expressions: the `= ` code spans in document order, then the `\val{...}` of
  /// the formulas in document order.
  public let inlineExpressions: [InlineExpression]
  /// The notebook's top-level link reference definitions (`[name]: url` lines outside
  /// every block), prepended when rendering so a reference link may use a definition
  /// written in another cell.
  let referenceDefinitions: String
  /// The `$…$` and `$$…$$` formulas in document order.
  public internal(set) var formulas: [ProseFormula] = []

  /// Renders the cell to an HTML fragment with cmark.
  ///
  /// - Parameters:
  ///   - unsafeHTML: false (the default) replaces raw HTML by `<!-- raw HTML omitted -->`
  ///     and drops unsafe link schemes (`javascript:`, ...); true passes raw HTML through.
  ///   - inlineValue: the text shown in place of an inline expression's code span, or nil
  ///     to leave the span's `= expression` text. The span stays a `<code>` element and
  ///     the text is HTML-escaped by cmark. For a `\val{...}` in a formula: the text shown
  ///     in its MathML.
  ///
  /// Formulas are kept from Markdown's own parsing (an `_` in math is not emphasis): each is
  /// replaced by a placeholder before cmark runs, and the placeholder in cmark's HTML by the
  /// formula's MathML (`MathPlaceholders`).
  /// - Returns: HTML in which every heading carries its slug: `<h2 id="slug">`. The ids
  ///   are added on cmark's tree, not by editing the page: each heading node is rendered
  ///   alone, its opening tag (exactly `<hN>` from cmark) gets the id, and the heading is
  ///   replaced by a custom block holding that HTML. Raw HTML in the text cannot be
  ///   mistaken for a heading.
  public func renderHTML(
    unsafeHTML: Bool = false, inlineValue: (InlineExpression) -> String? = { _ in nil }
  ) -> String {
    let protected = MathPlaceholders.protect(markdown, formulas: formulas)
    let text = referenceDefinitions.isEmpty ? protected : referenceDefinitions + "\n\n" + protected
    let codeSpans = inlineExpressions.filter { !$0.inMath }
    let html = CommonMark.renderHTML(text, unsafeHTML: unsafeHTML, headingIDs: headings.map(\.slug))
    {
      index in
      codeSpans.indices.contains(index) ? inlineValue(codeSpans[index]) : nil
    }
    return MathPlaceholders.substitute(in: html, formulas: formulas, inlineValue: inlineValue)
  }
}

/// A notebook cell: prose or code, in file order.
public enum Cell: Hashable, Sendable {
  case prose(ProseCell)
  case code(CodeCell)

  /// The cell's range in the file.
  public var range: SourceRange {
    switch self {
    case .prose(let cell): cell.range
    case .code(let cell): cell.range
    }
  }
}
