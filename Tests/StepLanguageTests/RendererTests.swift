import MarkdownNotebook
import TestSupport
import Testing

@testable import StepLanguage

@Suite struct RendererTests {
  func render(_ marked: String, color: Bool = false) -> String {
    let marks = MarkedText(marked)
    let cell = Parser.parseCell(marks.text, map: .standalone(marks.text))
    var checker = NotebookChecker(parameters: testParameters)
    let diagnostics = checker.check(cell).diagnostics
    return DiagnosticRenderer(path: "nb.md", source: marks.text, color: color).render(diagnostics)
  }

  @Test func caretTildesAndFixIt() {
    let text = render("x = mnist(trian: 10)")
    #expect(
      text == """
        nb.md:1:11: error: 'mnist' has no argument 'trian'; did you mean 'train'?
            1 | x = mnist(trian: 10)
              |           ^~~~~
              fix-it: replace with 'train'
        1 error, 0 warnings

        """)
  }

  @Test func multiByteCharactersCountAsOneColumn() {
    let text = render("s = \"héllo wörld\"; x = 1")
    // ';' is at byte column 20 but character column 18.
    #expect(text.hasPrefix("nb.md:1:18: error: unexpected character ';'"))
    #expect(text.contains("      |                  ^\n"))
  }

  @Test func tabsAreCopiedUnderTheLine() {
    let text = render("for b in [1] {\n\tq = quantize(b, bits: 3)\n}")
    #expect(text.contains("    2 | \tq = quantize(b, bits: 3)\n      | \t             ^\n"))
  }

  @Test func notesAndInsertFixIts() {
    let text = render("m = sequential(input: 28x28x1) [\n  conv2d(4, kernel: 3)\n  dense(10)\n]")
    #expect(
      text.contains("error: dense needs a flat input, but it gets 26x26x4; add flatten() before it")
    )
    #expect(text.contains("fix-it: insert 'flatten(), '"))
    #expect(text.contains("note: input: 28x28x1"))
    #expect(text.contains("nb.md:2:3: note: conv2d: 28x28x1 -> 26x26x4"))
  }

  @Test func colourOnlyWhenAsked() {
    #expect(!render("x = 1️⃣@").contains("\u{1B}["))
    #expect(render("x = @", color: true).contains("\u{1B}[1;31merror:\u{1B}[0m"))
  }

  @Test func rangesPastTheFileDoNotCrash() {
    let far = SourceLocation(line: 99, column: 1, offset: 10_000)
    let d = Diagnostic.error("out there", at: SourceRange(at: far))
    let text = DiagnosticRenderer(path: "nb.md", source: "short", color: false).render(d)
    #expect(text == "nb.md:99:1: error: out there\n")
  }
}
