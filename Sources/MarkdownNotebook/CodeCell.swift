/// A `#| key: value` line at the top of a code cell (Quarto's convention), e.g.
/// `#| caption: Accuracy against bits`. Which keys mean something is the runner's call, so an
/// option keeps both readings of its value:
/// - `value`, parsed like a front matter value (`#| echo: false` gives `.bool(false)`,
///   `#| cache: 3` gives `.int(3)`), for options that are flags or numbers; a bare value that
///   only starts like a number (`3 bits is enough?`) is a string here, not an error;
/// - `text`, the value exactly as written, for options that are text (`caption`, `label`):
///   `#| caption: 0.50` keeps `0.50`, where `value` would be `.float(0.5)`.
public struct CellOption: Hashable, Sendable {
  public var key: String
  public var value: FrontMatterValue
  /// The value as written, blanks around it trimmed; a value written as one double-quoted
  /// string (`"fig-bits"`) gives the string, its escapes resolved.
  public var text: String
  /// Range of the whole option line, from `#|` to the end of its text.
  public var range: SourceRange
  public var keyRange: SourceRange
  public var valueRange: SourceRange

  /// `text` defaults to the value's string, or its description for other values.
  public init(
    key: String, value: FrontMatterValue, range: SourceRange, keyRange: SourceRange,
    valueRange: SourceRange, text: String? = nil
  ) {
    self.key = key
    self.value = value
    if let text {
      self.text = text
    } else if case .string(let string) = value {
      self.text = string
    } else {
      self.text = value.description
    }
    self.range = range
    self.keyRange = keyRange
    self.valueRange = valueRange
  }
}

/// A fenced code block whose info string's first word is `quant`, at the top level of the
/// document, closed, with its exact place in the file. (A `quant` fence inside a list item or
/// block quote, one never closed, or one tagged almost `quant` is a `NotebookError` of kind
/// `.codeBlock`, not a cell.)
///
/// `code` is the block's text with the `#|` option lines removed. Each line is the file's
/// line with the fence's indentation (0-3 spaces) removed, and ends with `\n` whatever the
/// file's line ending (`\r\n`, `\r`), as in cmark's literal. One deliberate difference from
/// cmark: when a tab sits inside the fence's indentation, cmark replaces it by spaces; here
/// the tab is kept, so every byte of `code` except a line's final `\n` is the file byte at
/// `location(ofUTF8Offset:)`.
public struct CodeCell: Hashable, Sendable {
  /// 0-based position among the notebook's code cells.
  public let index: Int
  /// The whole info string after the opening fence (cmark's, escapes resolved), e.g. `quant`.
  public let info: String
  public let code: String
  public let options: [CellOption]
  /// From the first byte of the opening fence line's fence to the end of the closing fence
  /// line (or of the file, for a fence never closed).
  public let range: SourceRange
  /// From the first byte of the code text to just past its last line's terminator.
  public let codeRange: SourceRange
  /// False when the fence is never closed and the block runs to the end of the file (only
  /// for a cell read on its own: `Notebook.parse` reports such a block as an error instead).
  public let isClosed: Bool

  /// `codeLineOffsets[i]`: offset in `code` of code line i's first byte.
  let codeLineOffsets: [Int]
  /// `fileLineStarts[i]`: file location of code line i's first byte.
  let fileLineStarts: [SourceLocation]

  /// The file location of a UTF-8 byte offset into `code` (clamped to `0...code.utf8.count`).
  ///
  /// An offset at a line's `\n` maps to where that line's terminator starts in the file;
  /// the end of `code` maps to `codeRange.end`.
  public func location(ofUTF8Offset offset: Int) -> SourceLocation {
    guard !codeLineOffsets.isEmpty, offset < code.utf8.count else { return codeRange.end }
    let offset = max(offset, 0)
    let low = codeLineOffsets.lastIndex(atMost: offset)
    let lineStart = fileLineStarts[low]
    let delta = offset - codeLineOffsets[low]
    return SourceLocation(
      line: lineStart.line, column: lineStart.column + delta, offset: lineStart.offset + delta)
  }

  /// The file range of a byte range of `code`.
  public func range(ofUTF8Range range: Range<Int>) -> SourceRange {
    SourceRange(
      start: location(ofUTF8Offset: range.lowerBound), end: location(ofUTF8Offset: range.upperBound)
    )
  }

  /// The 1-based file line of 0-based code line `line` (options excluded), if it exists.
  public func fileLine(ofCodeLine line: Int) -> Int? {
    fileLineStarts.indices.contains(line) ? fileLineStarts[line].line : nil
  }

  /// The option with this key, if the cell has it.
  public func option(_ key: String) -> CellOption? {
    options.first { $0.key == key }
  }
}
