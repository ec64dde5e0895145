import TestSupport
import Testing

@testable import MarkdownNotebook

@Suite struct SourceTextTests {
  @Test func linesEndAtLineFeedCarriageReturnOrBoth() {
    let text = SourceText("a\r\nbé\rc\n\nd")
    #expect(text.lineCount == 5)
    #expect((1...5).map { text.line($0) } == ["a", "bé", "c", "", "d"])
    #expect(text.line(0) == nil && text.line(6) == nil)
    let marked = MarkedText("a\r\nbé\r1️⃣c\n\nd")
    #expect(
      text.location(ofOffset: marked.offsets["1️⃣"]!)
        == SourceLocation(line: 3, column: 1, offset: marked.offsets["1️⃣"]!))
    #expect(
      text.location(ofOffset: 1_000) == SourceLocation(line: 5, column: 2, offset: text.byteCount))
  }

  @Test func aFinalTerminatorStartsAnEmptyLastLine() {
    let text = SourceText("x\n")
    #expect(text.lineCount == 2)
    #expect(text.location(ofOffset: 2) == SourceLocation(line: 2, column: 1, offset: 2))
    #expect(SourceText("").lineCount == 1)
  }

  @Test func lineHintsAgreeWithBinarySearch() {
    let text = SourceText("ab\ncd\r\nef")
    for offset in 0...text.byteCount {
      let searched = text.location(ofOffset: offset)
      for line in 1...text.lineCount {
        #expect(text.location(ofOffset: offset, onLine: line) == searched)
      }
    }
  }

  @Test func codeCellRangesOfCodeSlices() throws {
    let marked = MarkedText("```quant\nnet = 1️⃣train(cnn)2️⃣\n```\n")
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    let cell = try #require(notebook.codeCells.first)
    let start = utf8Offset(of: "train", in: cell.code)
    let range = cell.range(ofUTF8Range: start..<(start + "train(cnn)".utf8.count))
    #expect(range == SourceRange(start: marked.location("1️⃣"), end: marked.location("2️⃣")))
    #expect(cell.location(ofUTF8Offset: cell.code.utf8.count) == cell.codeRange.end)
    #expect(cell.location(ofUTF8Offset: -5) == cell.location(ofUTF8Offset: 0))
  }

  @Test func nulBytesDoNotBreakParsing() throws {
    let notebook = try Notebook.parse("a\u{0}b `= x`\n\n```quant\ny\u{0}z\n```\n", path: "t.md")
    #expect(notebook.codeCells.first?.code == "y\u{0}z\n")
    #expect(notebook.inlineExpressions.map(\.text) == ["x"])
  }
}
