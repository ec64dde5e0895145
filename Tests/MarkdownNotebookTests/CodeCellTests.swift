import Testing
@testable import MarkdownNotebook

@Suite struct CodeCellTests {
  @Test func cellsSplitProseAndQuantFences() throws {
    let marked = MarkedText("""
      # Title

      Some prose.

      ```quant
      1️⃣data = fashion_mnist(train: 60000)
      net = 2️⃣train(cnn)
      ```

      ```python
      print(1)
      ```

      More prose.
      """)
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    #expect(notebook.cells.count == 3)
    let code = try #require(notebook.codeCells.first)
    #expect(code.code == "data = fashion_mnist(train: 60000)\nnet = train(cnn)\n")
    #expect(code.info == "quant")
    #expect(code.isClosed)
    #expect(code.location(ofUTF8Offset: 0) == marked.location("1️⃣"))
    let trainOffset = try #require(code.code.utf8.firstRange(of: "train(cnn)".utf8)).lowerBound
    #expect(code.location(ofUTF8Offset: code.code.utf8.distance(from: code.code.utf8.startIndex, to: trainOffset)) == marked.location("2️⃣"))
    expectExactMapping(code, in: notebook)
    #expect(notebook.proseCells.count == 2)
    #expect(notebook.proseCells[1].markdown == "```python\nprint(1)\n```\n\nMore prose.")
    #expect(notebook.proseCells[0].markdown == "# Title\n\nSome prose.\n")
    #expect(notebook.title == "Title")
  }
}
