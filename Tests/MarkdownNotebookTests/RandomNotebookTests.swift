import TestSupport
import Testing

@testable import MarkdownNotebook

/// Random notebooks built from awkward pieces: every parse must succeed or report errors,
/// never crash, and every position it reports must point at the right bytes.
@Suite struct RandomNotebookTests {
  static let pieces = [
    "```quant\n", "```\n", "~~~quant\n", "~~~\n", "````quant x\n", "````\n", "  ```quant\n",
    "   ```\n", "x = 1\n", "\ty = é日本🎉\n", "#| caption: A\n", "#| bad\n", "- item\n",
    "  ```quant\n",
    "> quote `= q.v`\n", "text `= a.b` and `` = c` `` \n", "# Heading\n", "## Heading\n", "\n",
    "\r\n",
    "\r", "    indented\n", "[ref]: /u\n", "<div>\n", "</div>\n", "`= broken\n", "line` `=x`\n",
    "---\n", "title: T\n", "params:\n", "  n: [1, 2\n", "  m: 3\n", "\u{0}", "é", "\t",
  ]

  @Test(arguments: 0..<200)
  func randomNotebookPositionsAreExact(seed: Int) {
    var random = SplitMix64(state: UInt64(seed))
    var text = ""
    for _ in 0..<Int(random.next() % 40) { text += random.pick(Self.pieces) }
    let (notebook, errors) = Notebook.parseCollectingErrors(text, path: "r.md")
    let file = Array(text.utf8)
    for error in errors {
      #expect(
        error.range.start.offset <= error.range.end.offset && error.range.end.offset <= file.count)
      #expect(notebook.source.location(ofOffset: error.range.start.offset) == error.range.start)
    }
    var previousEnd = 0
    for cell in notebook.cells {
      #expect(cell.range.start.offset >= previousEnd, "cells overlap in seed \(seed)")
      #expect(cell.range.end.offset <= file.count)
      previousEnd = cell.range.end.offset
    }
    for cell in notebook.codeCells { expectExactMapping(cell, in: notebook) }
    for expression in notebook.inlineExpressions {
      let range = expression.range
      #expect(range.start.offset <= range.end.offset && range.end.offset <= file.count)
      let slice = notebook.source.string(from: range.start.offset, to: range.end.offset)
      // On one line, the range holds exactly the expression text.
      if !slice.contains("\n"), !slice.contains("\r"), range.start != range.end {
        #expect(slice == expression.text, "seed \(seed)")
      }
    }
    for cell in notebook.proseCells {
      #expect(
        notebook.source.string(from: cell.range.start.offset, to: cell.range.end.offset)
          == cell.markdown)
      _ = cell.renderHTML { _ in "v" }
    }
  }
}
