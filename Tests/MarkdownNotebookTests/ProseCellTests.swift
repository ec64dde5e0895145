import TestSupport
import Testing

@testable import MarkdownNotebook

@Suite struct ProseCellTests {
  @Test func inlineExpressionsCarryTheirFileRanges() throws {
    let marked = MarkedText(
      """
      ---
      title: T
      ---
      Accuracy is `= 1️⃣base.accuracy2️⃣` and `plain code`.

      Café 日本 🎉 `` = 3️⃣a`b4️⃣ `` then `=5️⃣c6️⃣`
      ```quant
      x = 1
      ```
      > quoted `= 7️⃣q.value8️⃣`

      - item with `= 9️⃣multi
        line`
      """)
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    let expressions = notebook.inlineExpressions
    #expect(expressions.map(\.text) == ["base.accuracy", "a`b", "q.value", "multi line"])
    #expect(expressions.map(\.index) == [0, 1, 2, 3])
    func range(_ from: String, _ to: String) -> SourceRange {
      SourceRange(start: marked.location(from), end: marked.location(to))
    }
    try #require(expressions.count == 4)
    #expect(expressions[0].range == range("1️⃣", "2️⃣"))
    #expect(expressions[1].range == range("3️⃣", "4️⃣"))
    #expect(expressions[2].range == range("7️⃣", "8️⃣"))
    #expect(expressions[3].range.start == marked.location("9️⃣"))
    #expect(expressions[3].range.end.line == expressions[3].range.start.line + 1)
    // `=c` has no space after '=': not an expression.
    #expect(!expressions.contains { $0.text == "c" })
    #expect(notebook.proseCells.count == 2)
    #expect(notebook.proseCells[1].inlineExpressions.map(\.index) == [2, 3])
  }

  @Test func multiLineInlineExpressionsInsideContainersEndAtTheClosingBackticks() throws {
    let marked = MarkedText(
      "- item `= 1️⃣multi\n  line2️⃣` z `= 3️⃣y4️⃣`"
        + "\n\n> q `= 5️⃣a\n> b6️⃣`\n")
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    let ranges = notebook.inlineExpressions.map(\.range)
    #expect(
      ranges == [
        SourceRange(start: marked.location("1️⃣"), end: marked.location("2️⃣")),
        SourceRange(start: marked.location("3️⃣"), end: marked.location("4️⃣")),
        SourceRange(start: marked.location("5️⃣"), end: marked.location("6️⃣")),
      ])
    #expect(notebook.inlineExpressions.map(\.text) == ["multi line", "y", "a b"])
  }

  @Test func inlineExpressionRangesWithCRLF() throws {
    let marked = MarkedText("# T\r\n\r\nvalue `= 1️⃣net.loss2️⃣` here\r\n")
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    let expression = try #require(notebook.inlineExpressions.first)
    let expected = SourceRange(start: marked.location("1️⃣"), end: marked.location("2️⃣"))
    #expect(expression.range == expected)
    #expect(expression.range.start.line == 3)
  }

  @Test func renderingReplacesInlineExpressionsEscaped() throws {
    let notebook = try Notebook.parse("Acc `= a.acc` and `= b` and `code`.\n", path: "t.md")
    let cell = try #require(notebook.proseCells.first)
    let html = cell.renderHTML { expression in
      expression.text == "a.acc" ? "<0.91 & up>" : nil
    }
    #expect(
      html
        == "<p>Acc <code>&lt;0.91 &amp; up&gt;</code>"
        + " and <code>= b</code> and <code>code</code>.</p>\n"
    )
  }

  @Test func headingsGetUniqueSlugsAndIDs() throws {
    let text = """
      # Intro

      ## Intro

      ```quant
      x
      ```

      ## Results & *Discussion*

      > ### Intro

      # 日本語 Title `code`

      # Intro-2
      """
    let notebook = try Notebook.parse(text, path: "t.md")
    #expect(
      notebook.headings.map(\.slug) == [
        "intro", "intro-2", "results-discussion", "intro-3", "日本語-title-code", "intro-2-2",
      ])
    #expect(notebook.headings.map(\.level) == [1, 2, 2, 3, 1, 1])
    #expect(
      notebook.headings.map(\.text) == [
        "Intro", "Intro", "Results & Discussion", "Intro", "日本語 Title code", "Intro-2",
      ])
    #expect(
      notebook.headings[2].range.start
        == SourceLocation(line: 9, column: 1, offset: utf8Offset(of: "## Results", in: text)))
    let first = notebook.proseCells[0].renderHTML()
    #expect(first == "<h1 id=\"intro\">Intro</h1>\n<h2 id=\"intro-2\">Intro</h2>\n")
    let second = notebook.proseCells[1].renderHTML()
    #expect(second.contains("<h2 id=\"results-discussion\">Results &amp; <em>Discussion</em></h2>"))
    #expect(second.contains("<blockquote>\n<h3 id=\"intro-3\">Intro</h3>\n</blockquote>"))
    #expect(second.contains("<h1 id=\"intro-2-2\">Intro-2</h1>"))
  }

  @Test func slugEdgeCases() {
    var slugger = Slugger()
    #expect(slugger.slug(for: "  Hello,   World!  ") == "hello-world")
    #expect(slugger.slug(for: "!!!") == "section")
    #expect(slugger.slug(for: "") == "section-2")
    #expect(slugger.slug(for: "snake_case -- dash") == "snake_case-dash")
  }

  @Test func safeModeOmitsRawHTMLAndUnsafeModeKeepsIt() throws {
    let text =
      "# Title <b>bold</b>\n\n<div class=\"x\">block</div>\n\n"
      + "[link](javascript:alert(1)) and <span>inline</span>\n"
    let cell = try #require(try Notebook.parse(text, path: "t.md").proseCells.first)
    let safe = cell.renderHTML()
    #expect(!safe.contains("<div") && !safe.contains("<span>") && !safe.contains("<b>"))
    #expect(safe.contains("<!-- raw HTML omitted -->"))
    #expect(
      safe.contains(
        "<h1 id=\"title-bold\">Title <!-- raw HTML omitted -->bold<!-- raw HTML omitted --></h1>"))
    #expect(safe.contains("<a href=\"\">link</a>"))
    let unsafe = cell.renderHTML(unsafeHTML: true)
    #expect(unsafe.contains("<div class=\"x\">block</div>"))
    #expect(unsafe.contains("<span>inline</span>"))
    #expect(unsafe.contains("<h1 id=\"title-bold\">Title <b>bold</b></h1>"))
  }

  @Test func referenceLinksResolveAcrossCells() throws {
    let text =
      "See [the paper][ref].\n\n```quant\nx\n```\n\n"
      + "[ref]: https://example.com/p \"Paper\"\n\nEnd.\n"
    let notebook = try Notebook.parse(text, path: "t.md")
    #expect(notebook.proseCells.map(\.markdown) == ["See [the paper][ref].\n", "End.\n"])
    let html = notebook.proseCells[0].renderHTML()
    #expect(html == "<p>See <a href=\"https://example.com/p\" title=\"Paper\">the paper</a>.</p>\n")
  }

  @Test func proseMarkdownIsTheExactSourceSlice() throws {
    let marked = MarkedText("1️⃣Para one\nstill one\n\n* list\n\n  more\n2️⃣\n```quant\nx\n```\n")
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    let prose = try #require(notebook.proseCells.first)
    #expect(prose.range.start == marked.location("1️⃣"))
    #expect(prose.range.end == marked.location("2️⃣"))
    #expect(prose.markdown == "Para one\nstill one\n\n* list\n\n  more\n")
    let source = notebook.source
    #expect(
      source.string(from: prose.range.start.offset, to: prose.range.end.offset) == prose.markdown)
  }
}

@Suite struct ProseEdgeCaseTests {
  @Test func headingsWithInlineExpressionsAndSetextHeadings() throws {
    let marked = MarkedText("Results `= 1️⃣acc2️⃣`\n=======\n\n- # In a list\n")
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    #expect(notebook.headings.map(\.text) == ["Results = acc", "In a list"])
    #expect(notebook.headings.map(\.slug) == ["results-acc", "in-a-list"])
    #expect(
      notebook.inlineExpressions.first?.range
        == SourceRange(start: marked.location("1️⃣"), end: marked.location("2️⃣")))
    let html = try #require(notebook.proseCells.first).renderHTML { _ in "0.91" }
    #expect(
      html
        == "<h1 id=\"results-acc\">Results <code>0.91</code></h1>\n"
        + "<ul>\n<li>\n<h1 id=\"in-a-list\">In a list</h1>\n</li>\n</ul>\n"
    )
    #expect(notebook.title == "Results = acc")
  }

  @Test func aQuantFenceInsideAnHTMLBlockIsProseAndAnError() throws {
    let (notebook, errors) = Notebook.parseCollectingErrors(
      "<div>\n```quant\nx\n```\n</div>\n", path: "t.md")
    #expect(notebook.codeCells.isEmpty)
    #expect(notebook.proseCells.count == 1)
    // Not run, so not silently: the fence is reported where it is.
    #expect(errors.map(\.kind) == [.codeBlock] && errors.first?.range.start.line == 2, "\(errors)")
  }

  @Test func frontMatterWithCRLF() throws {
    let marked = MarkedText(
      "---\r\ntitle: T\r\nparams:\r\n  bits: 1️⃣[8, 4]\r\n---\r\n```quant\r\n2️⃣x\r\n```\r\n")
    let notebook = try Notebook.parse(marked.text, path: "t.md")
    #expect(notebook.frontMatter?.title == "T")
    #expect(notebook.frontMatter?.params.first?.valueRange.start == marked.location("1️⃣"))
    #expect(
      notebook.frontMatter?.params.first?.valueRange.end.column == "  bits: [8, 4]".utf8.count + 1)
    #expect(notebook.codeCells.first?.location(ofUTF8Offset: 0) == marked.location("2️⃣"))
  }
}
