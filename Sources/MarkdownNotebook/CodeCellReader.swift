/// Builds a `CodeCell` from the file bytes of a top-level fenced code block whose lines cmark
/// reported, so that every code byte keeps its exact file position.
struct CodeCellReader {
  let source: SourceText
  let path: String
  private(set) var errors: [NotebookError] = []

  /// The opening fence on a line: its indentation (spaces), character and run length.
  struct Fence {
    var indent: Int
    var character: UInt8
    var length: Int
  }

  /// The fence that opens `line`, if the line starts with 0-3 spaces and 3+ '`' or '~'.
  func fence(onLine line: Int, from start: Int) -> Fence? {
    let bytes = source.bytes
    let end = source.contentEnd(ofLine: line)
    var index = start
    while index < end, index - start < 4, bytes[index] == UInt8(ascii: " ") { index += 1 }
    let indent = index - start
    guard indent <= 3, index < end,
      bytes[index] == UInt8(ascii: "`") || bytes[index] == UInt8(ascii: "~")
    else {
      return nil
    }
    let character = bytes[index]
    var run = index
    while run < end, bytes[run] == character { run += 1 }
    return run - index >= 3 ? Fence(indent: indent, character: character, length: run - index) : nil
  }

  /// True if `line` closes `fence`: 0-3 spaces, at least as many fence characters, blanks.
  func closes(_ fence: Fence, line: Int) -> Bool {
    let start = source.lineStarts[line - 1]
    let end = source.contentEnd(ofLine: line)
    guard let closing = self.fence(onLine: line, from: start), closing.character == fence.character,
      closing.length >= fence.length
    else { return false }
    return source.skippingBlanks(from: start + closing.indent + closing.length, to: end) == end
  }

  /// The fence opening file line `first` and whether file line `last` (cmark's end of the
  /// block, clamped to the file) closes it; nil when the block is not fenced.
  func extent(first: Int, last: Int, firstLineStart: Int)
    -> (fence: Fence, last: Int, isClosed: Bool)?
  {
    guard let fence = fence(onLine: first, from: firstLineStart) else { return nil }
    // A file ending in a line terminator has an empty last line in the table that cmark does
    // not count; an unclosed block never includes it.
    let lastRealLine =
      source.lineStarts.count > 1 && source.lineStarts.last == source.byteCount
      ? source.lineCount - 1 : source.lineCount
    let last = min(last, max(lastRealLine, first))
    return (fence, last, last > first && closes(fence, line: last))
  }

  /// Reads the block on file lines `first...last` (cmark's extent; `last` is the closing
  /// fence, or the last line of the file when the fence is never closed).
  mutating func read(index: Int, info: String, first: Int, last: Int, firstLineStart: Int)
    -> CodeCell?
  {
    guard
      let (fence, last, isClosed) = extent(first: first, last: last, firstLineStart: firstLineStart)
    else { return nil }
    let contentLines = (first + 1)..<(isClosed ? last : last + 1)

    // Option lines first: `#|` lines at the top of the block.
    var options: [CellOption] = []
    var codeFirstLine = contentLines.lowerBound
    while codeFirstLine < contentLines.upperBound {
      let (start, end) = strippedLine(codeFirstLine, indent: fence.indent)
      guard end - start >= 2, source.bytes[start] == UInt8(ascii: "#"),
        source.bytes[start + 1] == UInt8(ascii: "|")
      else {
        break
      }
      if let option = option(from: start, to: end, line: codeFirstLine, existing: options) {
        options.append(option)
      }
      codeFirstLine += 1
    }
    // Then the code lines, copied from the file with the fence indentation removed. The loop
    // runs over raw buffers: it touches every byte of every cell.
    let codeLines = codeFirstLine..<contentLines.upperBound
    var code: [UInt8] = []
    var codeLineOffsets: [Int] = []
    var fileLineStarts: [SourceLocation] = []
    codeLineOffsets.reserveCapacity(codeLines.count)
    fileLineStarts.reserveCapacity(codeLines.count)
    source.bytes.withUnsafeBufferPointer { bytes in
      source.lineStarts.withUnsafeBufferPointer { lineStarts in
        for line in codeLines {
          let lineStart = lineStarts[line - 1]
          var end = line < lineStarts.count ? lineStarts[line] : bytes.count
          if end > lineStart, bytes[end - 1] == 0x0A { end -= 1 }
          if end > lineStart, bytes[end - 1] == 0x0D { end -= 1 }
          var start = lineStart
          while start - lineStart < fence.indent, start < end, bytes[start] == 0x20 { start += 1 }
          codeLineOffsets.append(code.count)
          fileLineStarts.append(
            SourceLocation(line: line, column: start - lineStart + 1, offset: start))
          code.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
          code.append(0x0A)
        }
      }
    }
    let blockEnd = source.contentEnd(ofLine: last)
    let codeEnd = source.nextLineStart(
      ofLine: contentLines.isEmpty ? first : contentLines.upperBound - 1)
    let codeStart = fileLineStarts.first?.offset ?? codeEnd
    return CodeCell(
      index: index, info: info, code: String(decoding: code, as: UTF8.self), options: options,
      range: source.range(
        from: firstLineStart + fence.indent, to: blockEnd, onLine: first, endLine: last),
      codeRange: source.range(
        from: codeStart, to: max(codeStart, codeEnd),
        onLine: codeLines.isEmpty ? first : codeFirstLine,
        endLine: max(contentLines.upperBound - 1, first)),
      isClosed: isClosed,
      codeLineOffsets: codeLineOffsets, fileLineStarts: fileLineStarts)
  }

  /// The content of a line without its terminator and without up to `indent` leading spaces.
  private func strippedLine(_ line: Int, indent: Int) -> (start: Int, end: Int) {
    var start = source.lineStarts[line - 1]
    let end = source.contentEnd(ofLine: line)
    var stripped = 0
    while stripped < indent, start < end, source.bytes[start] == UInt8(ascii: " ") {
      start += 1
      stripped += 1
    }
    return (start, end)
  }

  /// Parses `#| key: value` in `[start, end)`; records an error and returns nil if malformed.
  private mutating func option(from start: Int, to end: Int, line: Int, existing: [CellOption])
    -> CellOption?
  {
    let bytes = source.bytes
    let trimmedEnd = source.trimmingBlanks(from: start, to: end)
    var keyStart = start + 2
    while keyStart < trimmedEnd, bytes[keyStart] == UInt8(ascii: " ") { keyStart += 1 }
    var keyEnd = keyStart
    while keyEnd < trimmedEnd, FrontMatterParser.isKeyByte(bytes[keyEnd], first: keyEnd == keyStart)
    { keyEnd += 1 }
    var colon = keyEnd
    while colon < trimmedEnd, bytes[colon] == UInt8(ascii: " ") { colon += 1 }
    guard keyEnd > keyStart, colon < trimmedEnd, bytes[colon] == UInt8(ascii: ":") else {
      fail(
        .cellOption, source.range(from: start, to: trimmedEnd, onLine: line),
        "cell option must read '#| key: value', e.g. '#| caption: Accuracy against bits'")
      return nil
    }
    let key = source.string(from: keyStart, to: keyEnd)
    let keyRange = source.range(from: keyStart, to: keyEnd, onLine: line)
    if let previous = existing.first(where: { $0.key == key }) {
      fail(
        .duplicateKey, keyRange,
        "cell option '\(key)' is already set on line \(previous.range.start.line)"
          + "; remove one of them"
      )
      return nil
    }
    let valueStart = source.skippingBlanks(from: colon + 1, to: trimmedEnd)
    let value: FrontMatterValue
    do {
      value = try ValueScanner(source: source, line: line, numberLikeWordsAreText: true).value(
        from: valueStart, to: trimmedEnd)
    } catch {
      fail(
        .invalidValue, source.range(from: error.start, to: error.end, onLine: line), error.message)
      return nil
    }
    // The text as written, except that a value quoted whole keeps the string inside.
    let text: String
    if case .string(let string) = value, bytes[valueStart] == UInt8(ascii: "\"") {
      text = string
    } else {
      text = source.string(from: valueStart, to: trimmedEnd)
    }
    return CellOption(
      key: key, value: value, range: source.range(from: start, to: trimmedEnd, onLine: line),
      keyRange: keyRange,
      valueRange: source.range(from: valueStart, to: trimmedEnd, onLine: line), text: text)
  }

  private mutating func fail(_ kind: NotebookError.Kind, _ range: SourceRange, _ message: String) {
    errors.append(NotebookError(kind: kind, path: path, range: range, message: message))
  }
}
