import TestSupport
import Testing

@testable import MarkdownNotebook

/// `$…$` and `$$…$$` in prose: where they are found, what they protect, where errors point.
@Suite struct ProseMathTests {
  private func formulas(_ text: String) throws -> [ProseFormula] {
    try Notebook.parse(text, path: "t.md").proseCells.flatMap(\.formulas)
  }

  private func html(_ text: String) throws -> String {
    try Notebook.parse(text, path: "t.md").proseCells.map { $0.renderHTML() }.joined()
  }

  @Test func findsInlineAndDisplayMath() throws {
    let found = try formulas("A $q = \\frac{w}{s}$ here.\n\n$$\nx_i^2\n$$\n")
    #expect(found.map(\.tex) == ["q = \\frac{w}{s}", "\nx_i^2\n"])
    #expect(found.map(\.display) == [false, true])
    #expect(found[0].range.start.column == 3)
    #expect(found[1].range.start.line == 3)
  }

  /// Pandoc's rules: no blank inside the dollars, no digit after the closing one.
  @Test(arguments: [
    "Prices like $5 and $6 are text.",
    "It costs $ 5 $ or so.",
    "One $ alone.",
    "Unbalanced $x here",
    "Escaped \\$x\\$ stays text.",
    "In code `$x$` and ``a $y$ b``.",
    "$x$5 has a digit after the closing dollar and no other dollar",
    "Costs $5 and\n$6 stay text, `$x$` in code too.",
    "A price $5, then code `a$` and a bare $.",
  ])
  func leavesNonMathDollarsAlone(_ text: String) throws {
    #expect(try formulas(text).isEmpty)
    #expect(try !html(text).contains("<math"))
  }

  @Test func aDollarThatCannotCloseEndsTheSearch() throws {
    #expect(try formulas("It costs $5 and later $x^2$ is math.").map(\.tex) == ["x^2"])
    #expect(try formulas("Both $a$ and $b$, then $c_1$.").map(\.tex) == ["a", "b", "c_1"])
    #expect(try formulas("Wrapped $a +\nb$ across a line.").map(\.tex) == ["a +\nb"])
    #expect(try formulas("Not across paragraphs $a\n\nb$.").isEmpty)
  }

  @Test func skipsCodeBlocksAtAnyDepth() throws {
    let text =
      "```\n$x$\n```\n\n- item\n\n  ```\n  $y$\n  ```\n\n"
      + "> ```\n> $z$\n> ```\n\n    $w$\n\nreal $v$\n"
    #expect(try formulas(text).map(\.tex) == ["v"])
  }

  @Test func mathIsNotEmphasisAndBecomesMathML() throws {
    let out = try html("Here $a_1 * b_2 * c$ and *em*.\n")
    #expect(out.contains("<math><semantics>"))
    #expect(!out.contains("<em>1"))
    #expect(out.contains("<em>em</em>"))
    #expect(out.contains("<msub><mi>a</mi><mn>1</mn></msub>"))
    #expect(!out.contains("\u{E000}"))
  }

  @Test func displayMathInHeadingsListsAndLinks() throws {
    let out = try html("# Bits $b$\n\n- $x^2$ item\n\n[$y$](https://e.x)\n\n$$\\sum_k k$$\n")
    #expect(out.contains("<h1 id=\"bits-b\">Bits <math>"))
    #expect(out.contains("<li><math>"))
    #expect(out.contains("<a href=\"https://e.x\"><math>"))
    #expect(out.contains("<math display=\"block\">"))
  }

  @Test func aFormulaInsideAnAttributeStaysEscapedText() throws {
    let out = try html("See [this](https://e.x \"title $a<b$\") and $c$.\n")
    #expect(out.contains("title=\"title a&lt;b\""))
    #expect(out.contains("and <math><semantics>"))
  }

  @Test func unknownCommandIsALocatedErrorWithASuggestion() {
    let marked = MarkedText("# T\n\nThe step is $s = 1️⃣\\farc{a}{b}$.\n")
    marked.expectError(
      .math, at: "1️⃣", messageContains: "unknown math command '\\farc'; did you mean '\\frac'?")
  }

  @Test func errorsOnLaterLinesOfDisplayMathPointIntoTheFile() {
    let marked = MarkedText("Intro.\n\n$$\nx = 1\n  + 2️⃣\\badcmd\n$$\n")
    marked.expectError(.math, at: "2️⃣", messageContains: "unknown math command '\\badcmd'")
  }

  @Test func unclosedDisplayMathIsAnError() {
    let marked = MarkedText("A 1️⃣$$x + y\n\nnext paragraph\n")
    marked.expectError(.math, at: "1️⃣", messageContains: "'$$' is not closed")
  }

  @Test func valuesInMathAreInlineExpressionsAfterTheCodeSpans() throws {
    let marked = MarkedText("Scale $s = \\val{1️⃣q.scale2️⃣}$ and `= 3️⃣net.loss4️⃣`.\n")
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    let expressions = notebook.inlineExpressions
    #expect(expressions.map(\.text) == ["net.loss", "q.scale"])
    #expect(expressions.map(\.inMath) == [false, true])
    #expect(expressions.map(\.index) == [0, 1])
    #expect(
      expressions[1].range
        == SourceRange(start: marked.location("1️⃣"), end: marked.location("2️⃣")))
    let out = notebook.proseCells[0].renderHTML { $0.inMath ? "0.0125" : "0.31" }
    #expect(out.contains("<mn>0.0125</mn>"))
    #expect(out.contains("<code>0.31</code>"))
  }
}
