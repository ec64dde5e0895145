import MarkdownNotebook
import TestSupport
import Testing

@testable import StepLanguage

/// Cell options: the typed result of a valid cell, options handed over by the notebook parser
/// (checked at their file positions), and docs/LANGUAGE.md in step with the key table.
@Suite struct CellOptionTests {
  @Test func validOptionsGiveTypedValuesAndNoDiagnostics() {
    let source = """
      #| caption: 0.50
      #| echo: false
      #| cache: false
      #| label: "fig-bits_2"
      x = mnist()
      """
    let cell = Parser.parseCell(source, map: .standalone(source))
    var checker = NotebookChecker()
    let checked = checker.check(cell)
    #expect(checked.diagnostics.isEmpty, "\(checked.diagnostics)")
    #expect(checked.options.caption == "0.50")
    #expect(checked.options.echo == false)
    #expect(checked.options.cache == false)
    #expect(checked.options.label == "fig-bits_2")
  }

  @Test func missingOptionsTakeTheTableDefaults() {
    var checker = NotebookChecker()
    let options = checker.check(Parser.parseCell("x = 1\n", map: .standalone("x = 1\n"))).options
    #expect(options == CellOptions())
    for key in CellOptionKey.all where key.kind == .flag {
      #expect(key.defaultValue == (key.key == "shard" ? "false" : "true"), "\(key.key)")
    }
    #expect(options.echo && options.cache && !options.shard)
  }

  /// Each key of the table is stored in its own field of `CellOptions`.
  @Test(arguments: CellOptionKey.all)
  func everyKeyReachesItsField(_ key: CellOptionKey) {
    // A flag is set to the opposite of its default; the cell has a loop for `shard`.
    let value = key.kind == .flag ? (key.defaultValue == "true" ? "false" : "true") : "x1"
    let source = "#| \(key.key): \(value)\nfor b in [1] {\n  b\n}\n"
    var checker = NotebookChecker()
    let checked = checker.check(Parser.parseCell(source, map: .standalone(source)))
    #expect(checked.diagnostics.filter { $0.severity == .error }.isEmpty, "\(checked.diagnostics)")
    #expect(checked.options != CellOptions(), "'\(key.key)' changed nothing")
  }

  /// The notebook parser takes `#|` lines off the code; the checker still sees them, and
  /// reports them at the notebook file's own line and column.
  @Test func notebookOptionsAreCheckedAtTheirFilePositions() throws {
    let marks = MarkedText(
      """
      # Options

      Some prose.

      ```quant
      #| caption: Bits
      #| 1️⃣captoin: x
      #| echo: 2️⃣flase
      x = mnist()
      ```

      ```quant
      #| 3️⃣cach: false
      y = mnist()
      ```

      """)
    let (notebook, errors) = Notebook.parseCollectingErrors(marks.text, path: "n.md")
    #expect(errors.isEmpty)
    let checked = NotebookChecker.checkNotebook(
      cells: notebook.codeCells.map(CodeSource.init(cell:)))
    let errorsFound = checked.diagnostics.filter { $0.severity == .error }
    #expect(errorsFound.map(\.range.start.offset) == [1, 2, 3].map { marks.offsets[$0]! })
    #expect(errorsFound.map(\.range.start.line) == [7, 8, 13])
    #expect(errorsFound.map(\.range.start.column) == [4, 10, 4])
    #expect(
      errorsFound.map(\.message) == [
        "unknown cell option 'captoin'; did you mean 'caption'?",
        "cell option 'echo' must be true or false, not 'flase'; did you mean 'false'?",
        "unknown cell option 'cach'; did you mean 'cache'?",
      ])
    #expect(checked.cells[0].options.caption == "Bits")
  }

  @Test func notebookValuesKeepTheirTextAndUnquoteOnce() throws {
    let text = "```quant\n#| caption: \"say \\\"hi\\\"\"\n#| label: 3bits\nx = 1\n```\n"
    let notebook = try Notebook.parse(text, path: "q.md")
    let checked = NotebookChecker.checkNotebook(
      cells: notebook.codeCells.map(CodeSource.init(cell:)))
    #expect(checked.cells[0].options.caption == "say \"hi\"")
    #expect(checked.cells[0].options.label == "3bits")
  }

  /// docs/LANGUAGE.md's table of cell options lists exactly the keys of `CellOptionKey.all`.
  @Test func languageDocListsEveryOption() throws {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    let path = parts.joined(separator: "/") + "/docs/LANGUAGE.md"
    let doc = try #require(TextFile.read(path), "cannot read \(path)")
    let start = try #require(doc.firstRange(of: "## Cell options"))
    let section = doc[start.upperBound...]
    let body = section.firstRange(of: "\n## ").map { section[..<$0.lowerBound] } ?? section
    let rows = body.split(separator: "\n").filter { $0.hasPrefix("| `") }
    let keys = rows.compactMap { $0.split(separator: "`").dropFirst().first.map(String.init) }
    #expect(keys == CellOptionKey.all.map(\.key))
  }
}
