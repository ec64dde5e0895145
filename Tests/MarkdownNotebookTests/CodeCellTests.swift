import TestSupport
import Testing

@testable import MarkdownNotebook

/// UTF-8 offset of the first occurrence of `needle` in `text`.
func utf8Offset(of needle: String, in text: String) -> Int {
  let bytes = Array(text.utf8)
  let pattern = Array(needle.utf8)
  for start in 0...max(0, bytes.count - pattern.count)
  where Array(bytes[start..<start + pattern.count]) == pattern {
    return start
  }
  return -1
}

@Suite struct CodeCellTests {
  @Test func cellsSplitProseAndQuantFences() throws {
    let marked = MarkedText(
      """
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
    #expect(
      code.location(ofUTF8Offset: utf8Offset(of: "train(cnn)", in: code.code))
        == marked.location("2️⃣"))
    #expect(code.codeRange.start == marked.location("1️⃣"))
    expectExactMapping(code, in: notebook)
    #expect(notebook.proseCells.count == 2)
    #expect(notebook.proseCells[0].markdown == "# Title\n\nSome prose.\n")
    #expect(notebook.proseCells[1].markdown == "```python\nprint(1)\n```\n\nMore prose.")
    #expect(notebook.title == "Title")
  }

  @Test func tildeFencesAndLongerClosingFences() throws {
    let marked = MarkedText(
      """
      ~~~quant extra words
      1️⃣a = 1
      ~~~~~

      ````quant
      ```
      2️⃣b = 2
      ````````
      after
      """)
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    let cells = notebook.codeCells
    try #require(cells.count == 2)
    #expect(cells[0].info == "quant extra words")
    #expect(cells[0].code == "a = 1\n")
    #expect(cells[1].code == "```\nb = 2\n")
    #expect(cells[0].location(ofUTF8Offset: 0) == marked.location("1️⃣"))
    #expect(cells[1].location(ofUTF8Offset: 4) == marked.location("2️⃣"))
    #expect(cells.allSatisfy { $0.isClosed })
    #expect(cells[1].index == 1)
    #expect(notebook.proseCells.map(\.markdown) == ["after"])
    for cell in cells { expectExactMapping(cell, in: notebook) }
  }

  @Test func emptyAndOpeningOnlyFences() throws {
    let closed = try Notebook.parse("```quant\n```\n", path: "t.md")
    #expect(closed.codeCells.map(\.code) == [""])
    #expect(
      closed.codeCells[0].location(ofUTF8Offset: 0) == SourceLocation(line: 2, column: 1, offset: 9)
    )
  }

  @Test func indentedCodeBlocksAndOtherLanguagesStayProse() throws {
    let text = "    ```quant\n    x = 1\n    ```\n\n```quantize\ny\n```\n\n```\nz\n```\n"
    let notebook = try Notebook.parse(text, path: "t.md")
    #expect(notebook.codeCells.isEmpty)
    #expect(notebook.proseCells.map(\.markdown) == [text])
  }

  @Test func indentedFenceStripsItsIndentation() throws {
    let marked = MarkedText("  ```quant\n    1️⃣a\n b\n2️⃣c\n  ```\n")
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    let cell = try #require(notebook.codeCells.first)
    #expect(cell.code == "  a\nb\nc\n")
    #expect(cell.location(ofUTF8Offset: 2) == marked.location("1️⃣"))
    #expect(cell.location(ofUTF8Offset: 6) == marked.location("2️⃣"))
    #expect(cell.range.start.column == 3)
    expectExactMapping(cell, in: notebook)
  }

  @Test func crlfAndBareCarriageReturnLineEndings() throws {
    for ending in ["\r\n", "\r"] {
      let marked = MarkedText(
        ["# T", "", "```quant", "a = 1", "b = 1️⃣2", "```", "", "end"].joined(separator: ending))
      let notebook = try Notebook.parse(marked.text, path: "t.md")
      let cell = try #require(notebook.codeCells.first)
      #expect(cell.code == "a = 1\nb = 2\n")
      #expect(!cell.code.utf8.contains(0x0D))
      #expect(cell.location(ofUTF8Offset: 10) == marked.location("1️⃣"))
      #expect(cell.location(ofUTF8Offset: 10).line == 5)
      expectExactMapping(cell, in: notebook)
      #expect(notebook.line(5) == "b = 2")
      #expect(notebook.proseCells.last?.markdown == "end")
    }
  }

  @Test func tabsCountOneByteAndAreKeptInIndentedFences() throws {
    let marked = MarkedText("```quant\n\tx = 1️⃣1\n```\n\n ```quant\n\t2️⃣y\n ```\n")
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    let cells = notebook.codeCells
    try #require(cells.count == 2)
    #expect(cells[0].location(ofUTF8Offset: 5) == marked.location("1️⃣"))
    #expect(marked.location("1️⃣").column == 6)
    // cmark would turn the tab under the 1-space fence indentation into spaces; the cell
    // keeps the file's tab so positions stay exact.
    #expect(cells[1].code == "\ty\n")
    #expect(cells[1].location(ofUTF8Offset: 1) == marked.location("2️⃣"))
    for cell in cells { expectExactMapping(cell, in: notebook) }
  }

  @Test func multiByteCharactersShiftColumnsByTheirBytes() throws {
    let marked = MarkedText(
      """
      Café 日本 🎉 prose

      ```quant
      # é 日本 🎉
      s = "日本🎉" + 1️⃣x
      ```
      """)
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    let cell = try #require(notebook.codeCells.first)
    let location = cell.location(ofUTF8Offset: utf8Offset(of: "x", in: cell.code))
    #expect(location == marked.location("1️⃣"))
    // Columns count UTF-8 bytes, not characters.
    let prefix = "s = \"日本🎉\" + "
    #expect(location.line == 5 && location.column == prefix.utf8.count + 1)
    #expect(location.column > prefix.count + 1)
    expectExactMapping(cell, in: notebook)
  }

  @Test func frontMatterLinesCountInCodePositions() throws {
    let marked = MarkedText("---\ntitle: T\nseed: 1\n---\n```quant\n1️⃣x\n```\n")
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    let cell = try #require(notebook.codeCells.first)
    #expect(cell.location(ofUTF8Offset: 0) == marked.location("1️⃣"))
    #expect(cell.location(ofUTF8Offset: 0).line == 6)
    #expect(cell.range.start.line == 5)
  }

  @Test func cellOptionsAreParsedAndRemovedFromCode() throws {
    let marked = MarkedText(
      """
      ```quant
      #| caption: 1️⃣Accuracy against bits
      #| echo: false
      #| label: "fig-bits"
      2️⃣for bits in [8, 4] {
      #| not an option: inside code
      }
      ```
      """)
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    let cell = try #require(notebook.codeCells.first)
    #expect(cell.options.map(\.key) == ["caption", "echo", "label"])
    #expect(cell.option("caption")?.value == .string("Accuracy against bits"))
    #expect(cell.option("echo")?.value == .bool(false))
    #expect(cell.option("label")?.value == .string("fig-bits"))
    #expect(cell.option("caption")?.valueRange.start == marked.location("1️⃣"))
    #expect(cell.code == "for bits in [8, 4] {\n#| not an option: inside code\n}\n")
    #expect(cell.location(ofUTF8Offset: 0) == marked.location("2️⃣"))
    #expect(cell.fileLine(ofCodeLine: 0) == 5)
    expectExactMapping(cell, in: notebook)
  }

  /// Text-valued options (`caption`, `label`) keep their text as written even when it starts
  /// like a number; `value` still types numbers and flags.
  @Test(arguments: [
    (
      "8-bit weights against float", "8-bit weights against float",
      FrontMatterValue.string("8-bit weights against float")
    ),
    ("3 bits is enough?  ", "3 bits is enough?", .string("3 bits is enough?")),
    ("0.50", "0.50", .float(0.5)),
    ("1e3", "1e3", .float(1000)),
    ("007", "007", .int(7)),
    (
      "99999999999999999999 images", "99999999999999999999 images",
      .string("99999999999999999999 images")
    ),
    ("99999999999999999999", "99999999999999999999", .string("99999999999999999999")),
    ("-2.5x", "-2.5x", .string("-2.5x")),
    ("true", "true", .bool(true)),
    ("\"4 \\\"bits\\\"\"\t", "4 \"bits\"", .string("4 \"bits\"")),
  ])
  func optionTextIsKeptAsWritten(written: String, text: String, value: FrontMatterValue) throws {
    let source = "```quant\n#| caption:  \(written)\nx\n```\n"
    let (notebook, errors) = Notebook.parseCollectingErrors(source, path: "t.md")
    #expect(errors.isEmpty, "\(errors)")
    let option = try #require(notebook.codeCells.first?.option("caption"))
    #expect(option.text == text)
    #expect(option.value == value)
  }

  @Test func numberedCaptionDoesNotChangeTypedOptions() throws {
    let notebook = try Notebook.parse(
      "```quant\n#| caption: 3 bits\n#| echo: false\n#| cache: 2\n#| label: \"a\\tb\"\nx\n```\n",
      path: "t.md")
    let cell = try #require(notebook.codeCells.first)
    #expect(cell.option("caption")?.text == "3 bits")
    #expect(cell.option("echo")?.value == .bool(false))
    #expect(cell.option("echo")?.text == "false")
    #expect(cell.option("cache")?.value == .int(2))
    #expect(cell.option("label")?.text == "a\tb")
  }

  @Test func malformedCellOptionsAreErrors() {
    MarkedText("```quant\n1️⃣#| caption Accuracy\nx\n```\n").expectError(.cellOption, at: "1️⃣")
    MarkedText("```quant\n#| echo: true\n#| 1️⃣echo: false\n```\n").expectError(
      .duplicateKey, at: "1️⃣")
    MarkedText("```quant\n#| caption: 1️⃣\"open\n```\n").expectError(
      .invalidValue, at: "1️⃣", messageContains: "not closed")
  }
}

@Suite struct CodeTextMatchesCmarkTests {
  /// Without `#|` options and tabs under a fence's indentation, a cell's code is exactly
  /// cmark's literal for the block.
  @Test(arguments: [
    "```quant\na\n  b\n```\n",
    "  ```quant\n    a\n b\nc\n  ```\n",
    "```quant\r\na\r\n\r\nb\r\n```\r\n",
    "```quant\ra\rb\r```",
    "~~~~quant\n~~~\nx\n~~~~~~\n",
    "```quant\n```",
    "   ```quant\n   a\n  b\n    c\n   ```\n",
    "```quant\né 日本 🎉\n```\n",
  ])
  func codeEqualsCmarkLiteral(source: String) throws {
    let notebook = try Notebook.parse(source, path: "t.md")
    let cell = try #require(notebook.codeCells.first)
    #expect([cell.code] == CommonMark.topLevelCodeLiterals(source))
    expectExactMapping(cell, in: notebook)
  }
}
