import TestSupport
import Testing

@testable import MarkdownNotebook

/// No `quant` block is skipped silently: every fence that looks like one either runs (is a
/// code cell) or is a located error.
@Suite struct FenceTests {
  @Test(arguments: ["", "\n", "\n\n"])
  func unclosedFenceIsAnErrorWhereItOpens(ending: String) throws {
    let marked = MarkedText("Intro\n\n1️⃣```quant\nx = 1\ny = 2" + ending)
    marked.expectError(.codeBlock, at: "1️⃣", messageContains: "never closed")
    let (notebook, _) = Notebook.parseCollectingErrors(marked.text, path: "t.md")
    #expect(notebook.codeCells.isEmpty, "the unclosed block is not run as a cell")
  }

  @Test func unclosedFenceAfterCellsSwallowsNothingSilently() {
    // A python block left open would hide the quant block after it: the error names it.
    let marked = MarkedText(
      "```quant\na = 1\n```\n\n1️⃣~~~~python\nprint(1)\n\n```quant\nb = 2\n```\n")
    marked.expectError(.codeBlock, at: "1️⃣", messageContains: "add a line '~~~~'")
  }

  @Test func openingFenceAloneIsUnclosed() {
    MarkedText("text\n\n1️⃣```quant").expectError(
      .codeBlock, at: "1️⃣", messageContains: "never closed")
  }

  @Test func fencesInsideContainersAreErrors() {
    MarkedText("- item\n\n  1️⃣```quant\n  x = 1\n  ```\n").expectError(
      .codeBlock, at: "1️⃣", messageContains: "inside a list item is not run")
    MarkedText("> 1️⃣```quant\n> y = 2\n> ```\n").expectError(
      .codeBlock, at: "1️⃣", messageContains: "inside a block quote is not run")
    MarkedText("> - a\n>\n>   1️⃣~~~quant\n>   y\n>   ~~~\n").expectError(
      .codeBlock, at: "1️⃣", messageContains: "list item")
    MarkedText("1. one\n   1️⃣```Quant\n   x\n   ```\n").expectError(
      .codeBlock, at: "1️⃣", messageContains: "'Quant' block inside a list item")
  }

  @Test func otherCodeInsideContainersStaysProse() throws {
    let text =
      "- item\n\n  ```python\n  x = 1\n  ```\n\n> ```\n> y\n> ```\n\n```quant\nz = 3\n```\n"
    let (notebook, errors) = Notebook.parseCollectingErrors(text, path: "t.md")
    #expect(errors.isEmpty, "\(errors)")
    #expect(notebook.codeCells.map(\.code) == ["z = 3\n"])
    #expect(notebook.proseCells.first?.markdown.contains("> y") == true)
  }

  @Test(arguments: [
    ("1️⃣Quant", "lower case"), ("1️⃣QUANT x", "lower case"),
    ("1️⃣quant{.x}", "blank between 'quant' and '{.x}'"),
    ("1️⃣quant,x", "blank"), ("1️⃣{.quant}", "bare first word"),
  ])
  func tagsAlmostQuantAreErrorsAtTheTag(tag: String, hint: String) {
    MarkedText("# T\n\n```" + tag + "\nx = 1\n```\n").expectError(
      .codeBlock, at: "1️⃣", messageContains: hint)
  }

  @Test func quantVariantsRun() throws {
    let text =
      "```quant extra words\na\n```\n\n~~~quant\nb\n~~~\n\n"
      + "   ```quant\n   c\n   ```\n\n````quant {#x}\nd\n````\n"
    let (notebook, errors) = Notebook.parseCollectingErrors(text, path: "t.md")
    #expect(errors.isEmpty, "\(errors)")
    #expect(notebook.codeCells.map(\.code) == ["a\n", "b\n", "c\n", "d\n"])
  }

  @Test func otherLanguagesAreNotNearMisses() {
    for tag in ["quantum", "quantize", "quant-ish", "python", "", "q"] {
      #expect(FenceTag(info: tag + " x") == .other, "\(tag)")
    }
    #expect(FenceTag(info: "quant") == .quant)
    #expect(FenceTag(info: "quant\tx") == .quant)
  }
}

@Suite struct FenceInHTMLTests {
  @Test func fenceSwallowedByAnHTMLBlockIsAnError() {
    MarkedText("<details>\n<summary>Code</summary>\n1️⃣```quant\nx = 1\n```\n</details>\n")
      .expectError(
        .codeBlock, at: "1️⃣", messageContains: "inside an HTML block")
  }

  @Test func fenceAfterABlankLineRunsAndOtherHTMLIsFine() throws {
    let text =
      "<details>\n<summary>Code</summary>\n\n```quant\nx = 1\n```\n\n"
      + "</details>\n\n<div>\n```python\n</div>\n"
    let (notebook, errors) = Notebook.parseCollectingErrors(text, path: "t.md")
    #expect(errors.isEmpty, "\(errors)")
    #expect(notebook.codeCells.map(\.code) == ["x = 1\n"])
  }
}
