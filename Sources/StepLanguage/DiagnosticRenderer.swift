import MarkdownNotebook

/// Renders diagnostics as compiler-style text:
///
/// ```
/// notebooks/x.md:41:19: error: unknown step 'dens'; did you mean 'dense'?
///    41 |   dens(10, activation: softmax)
///       |   ^~~~
///       fix-it: replace with 'dense'
/// ```
///
/// Positions are UTF-8 bytes inside the library; the column printed in the header and the
/// caret's place are counted in characters (a multi-byte character is one column), and tabs
/// of the source line are copied into the caret line so the caret stays under its character
/// whatever the terminal's tab width. Invisible and control characters (`TerminalText`) are
/// echoed escaped, `<U+202E>`, in messages and source lines alike, the caret under the escape;
/// a line longer than `longLine` scalars is echoed as `window` scalars either side of the
/// column, cut ends marked `…`.
public struct DiagnosticRenderer: Sendable {
  /// The path printed before `:line:col`.
  public var path: String
  /// The whole file the ranges point into.
  private let lineStarts: [Int]
  private let bytes: [UInt8]
  /// Whether to add ANSI colours (the CLI decides from isatty and NO_COLOR).
  public var color: Bool

  public init(path: String, source: String, color: Bool = false) {
    self.path = path
    self.bytes = Array(source.utf8)
    self.color = color
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
    self.lineStarts = starts
  }

  private func paint(_ text: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  /// The text of the line holding byte `offset` (without its newline), and its start offset.
  private func line(containing offset: Int) -> (text: [UInt8], start: Int)? {
    guard offset >= 0, offset <= bytes.count else { return nil }
    let start = lineStarts[lineStarts.lastIndex(atMost: offset)]
    var end = start
    while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
    var text = Array(bytes[start..<end])
    if text.last == UInt8(ascii: "\r") { text.removeLast() }
    return (text, start)
  }

  /// The characters in a UTF-8 prefix (a cut in the middle of a character counts it); the
  /// header's column.
  private static func characters(_ prefix: ArraySlice<UInt8>) -> [Character] {
    Array(String(decoding: prefix, as: UTF8.self))
  }

  /// One diagnostic with its source line, caret line, fix-it and notes.
  public func render(_ diagnostic: Diagnostic) -> String {
    var out = header(
      diagnostic.range, severity: diagnostic.severity.rawValue, message: diagnostic.message)
    out += snippet(diagnostic.range, caretColor: diagnostic.severity == .error ? "1;31" : "1;35")
    if let fix = diagnostic.fixIt {
      let action = fix.range.start.offset == fix.range.end.offset ? "insert" : "replace with"
      out +=
        "      " + paint("fix-it: \(action) '\(TerminalText.escaped(fix.replacement))'", "32")
        + "\n"
    }
    for note in diagnostic.notes {
      if let range = note.range {
        out += header(range, severity: "note", message: note.message)
        out += snippet(range, caretColor: "1;36")
      } else {
        out += "      " + paint("note:", "1;36") + " \(TerminalText.escaped(note.message))\n"
      }
    }
    return out
  }

  /// All diagnostics, then a summary line such as `2 errors, 1 warning`.
  public func render(_ diagnostics: [Diagnostic]) -> String {
    var out = diagnostics.map(render).joined()
    let errors = diagnostics.filter { $0.severity == .error }.count
    let warnings = diagnostics.filter { $0.severity == .warning }.count
    if errors + warnings > 0 {
      out +=
        "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
    }
    return out
  }

  private func header(_ range: SourceRange, severity: String, message: String) -> String {
    let column =
      line(containing: range.start.offset).map {
        Self.characters($0.text.prefix(max(0, range.start.offset - $0.start))).count + 1
      } ?? range.start.column
    let colorCode = severity == "error" ? "1;31" : severity == "warning" ? "1;35" : "1;36"
    return paint("\(TerminalText.escaped(path)):\(range.start.line):\(column):", "1") + " "
      + paint("\(severity):", colorCode)
      + " " + paint(TerminalText.escaped(message), "1") + "\n"
  }

  /// A source line of more than `longLine` scalars is echoed as a window of `window` scalars
  /// on each side of the diagnostic's start, each cut end marked with `…`.
  static let longLine = 160
  static let window = 60

  /// The source line with escapes for invisible characters (`TerminalText`), and a caret line
  /// whose `^~~` sits under the range's first scalar and spans it, escapes included.
  private func snippet(_ range: SourceRange, caretColor: String) -> String {
    guard let (text, start) = line(containing: range.start.offset) else { return "" }
    let startInLine = min(max(0, range.start.offset - start), text.count)
    let endInLine = min(max(startInLine, range.end.offset - start), text.count)
    let before = String(decoding: text[..<startInLine], as: UTF8.self).unicodeScalars.count
    let spanned = String(decoding: text[startInLine..<endInLine], as: UTF8.self).unicodeScalars
      .count
    let cells = TerminalText.cells(Substring(String(decoding: text, as: UTF8.self)).unicodeScalars)
    let caretAt = min(before, cells.count)
    var first = 0
    var end = cells.count
    if cells.count > Self.longLine {
      first = max(0, caretAt - Self.window)
      end = min(cells.count, caretAt + Self.window)
    }
    let lead = first > 0 ? "…" : ""
    let trail = end < cells.count ? "…" : ""
    let shown = lead + cells[first..<end].map(\.text).joined() + trail
    var caret = lead.isEmpty ? "" : " "
    for cell in cells[first..<caretAt] {
      caret += cell.isTab ? "\t" : String(repeating: " ", count: cell.width)
    }
    let spanWidth = cells[caretAt..<min(caretAt + spanned, end)].reduce(0) { $0 + $1.width }
    caret += "^" + String(repeating: "~", count: max(0, spanWidth - 1))
    let number = String(range.start.line)
    let gutter = String(repeating: " ", count: max(0, 5 - number.count)) + number
    return "\(gutter) | \(shown)\n      | " + paint(caret, caretColor) + "\n"
  }
}
