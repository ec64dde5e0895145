import MarkdownNotebook
import Testing

@testable import StepLanguage

/// Diagnostics a terminal can show: invisible and control characters escaped in messages and
/// echoed lines with the caret still under its character, the unexpected character as the
/// only error of its statement, and long lines echoed as a window.
@Suite struct TerminalSafeDiagnosticTests {
  /// Parses and checks `text` as one cell; its diagnostics and their rendering.
  func check(_ text: String) -> (diagnostics: [Diagnostic], rendered: String) {
    let cell = Parser.parseCell(text, map: .standalone(text))
    var checker = NotebookChecker(parameters: testParameters)
    let diagnostics = checker.check(cell).diagnostics
    return (diagnostics, DiagnosticRenderer(path: "nb.md", source: text).render(diagnostics))
  }

  @Test(arguments: [
    ("\u{202E}", "<U+202E>", "right-to-left override"),
    ("\u{2066}", "<U+2066>", "left-to-right isolate"),
    ("\u{200B}", "<U+200B>", "zero width space"),
    ("\u{FEFF}", "<U+FEFF>", "zero width no-break space"),
    ("\u{0}", "<U+0000>", ""), ("\u{1B}", "<U+001B>", ""), ("\u{7F}", "<U+007F>", ""),
  ])
  func invisibleCharacterIsEscapedWithTheCaretUnderIt(
    character: String, escaped: String, name: String
  ) {
    let (diagnostics, rendered) = check("x = 1\ny = ab" + character + "cd\nz = y")
    #expect(diagnostics.filter { $0.severity == .error }.count == 1, "\(diagnostics)")
    let error = diagnostics.first { $0.severity == .error }
    #expect(error?.range.start == SourceLocation(line: 2, column: 7, offset: 12))
    #expect(error?.message.contains(escaped) == true, "\(String(describing: error))")
    #expect(error?.message.contains(name) == true)
    #expect(
      !rendered.unicodeScalars.contains { TerminalText.isEscaped($0) && $0 != "\n" },
      "nothing raw reaches the terminal")
    let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let echoed = lines.firstIndex { $0.hasPrefix("    2 | y = ab") }
    #expect(echoed != nil, "\(rendered)")
    if let echoed {
      #expect(lines[echoed] == "    2 | y = ab\(escaped)cd")
      #expect(
        lines[echoed + 1] == "      |       ^" + String(repeating: "~", count: escaped.count - 1))
    }
  }

  @Test func unexpectedCharacterHasNoFollowOnErrors() {
    // Without the rule: "cannot find 'fashion'" on line 1, "cannot find 'data'" on line 2,
    // and "expected ',' or ')'" inside the call.
    let (diagnostics, _) = check(
      "data = fashion\u{200B}_mnist(train: 10)\nn = data\nm = mnist(train: 1@0, test: 10)\nk = m")
    let errors = diagnostics.filter { $0.severity == .error }
    #expect(errors.map(\.range.start.line) == [1, 3], "\(errors)")
    #expect(errors.allSatisfy { $0.message.hasPrefix("unexpected") }, "\(errors)")
  }

  @Test func bidiControlsInCommentsAndStringsAreErrors() {
    let (diagnostics, rendered) = check("# admin \u{202E} }\u{2066} \nx = \"a\u{2067}b\"\ny = x")
    let errors = diagnostics.filter { $0.severity == .error }
    #expect(errors.count == 3, "\(errors)")
    #expect(errors.allSatisfy { $0.message.contains("bidirectional control character") })
    #expect(
      rendered.contains("    1 | # admin <U+202E> }<U+2066> \n      |         ^~~~~~~~\n"),
      "\(rendered)")
  }

  @Test func longLineIsEchoedAsAWindowAroundTheColumn() {
    let filler = String(repeating: "1, ", count: 3000)
    let text = "x = [" + filler + "oops, " + filler + "1]"
    let (diagnostics, rendered) = check(text)
    let error = diagnostics.first { $0.severity == .error }
    let column = 6 + filler.utf8.count
    #expect(error?.range.start.column == column, "\(String(describing: error))")
    let lines = rendered.split(separator: "\n").map(String.init)
    let echoed = lines.first { $0.hasPrefix("    1 | …") } ?? ""
    let caret = lines.first { $0.hasPrefix("      | ") && $0.contains("^") } ?? ""
    #expect(echoed.hasSuffix("…"), "both ends cut")
    #expect(echoed.count == "    1 | ".count + 1 + 2 * DiagnosticRenderer.window + 1)
    // The caret's column in the window is the error's column in the echoed text.
    let caretColumn = caret.distance(from: caret.startIndex, to: caret.firstIndex(of: "^")!)
    let window = Array(echoed)
    #expect(String(window[caretColumn..<caretColumn + 4]) == "oops")
    #expect(caret.hasSuffix("^~~~"))
    #expect(rendered.hasPrefix("nb.md:1:\(column): error: cannot find 'oops'"))
    #expect(rendered.count < 1000, "not the 18,000 columns of the line")
  }

  @Test func shortLinesAreNotCut() {
    let text = "x = [" + String(repeating: "1, ", count: 50) + "oops]"
    let (_, rendered) = check(text)
    #expect(rendered.contains("    1 | " + text + "\n"))
    #expect(!rendered.contains("…"))
  }

  @Test func escapingKeepsOrdinaryText() {
    #expect(TerminalText.escaped("héllo\tw ö 日本 🎉") == "héllo\tw ö 日本 🎉")
    #expect(TerminalText.escaped("a\u{202A}b\u{0}") == "a<U+202A>b<U+0000>")
    #expect(TerminalText.escape("\u{10FFFF}") == "<U+10FFFF>")
  }
}
