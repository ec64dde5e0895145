/// Turns a notebook's text into a `Notebook`: front matter, then cmark over the body, then
/// cells built from the file bytes at the lines cmark reports.
struct NotebookBuilder {
  let source: SourceText
  let path: String
  private(set) var errors: [NotebookError] = []

  /// File line of cmark's line 1, and file offset of cmark's first byte.
  private(set) var bodyLine = 1
  private(set) var bodyOffset = 0

  mutating func build() -> Notebook {
    var frontMatterParser = FrontMatterParser(source: source, path: path)
    let result = frontMatterParser.parse()
    errors += frontMatterParser.errors
    bodyLine = result.bodyStartLine
    bodyOffset =
      bodyLine == 1 ? frontMatterParser.textStart : source.nextLineStart(ofLine: bodyLine - 1)

    let blocks = source.bytes.withUnsafeBufferPointer { bytes in
      CommonMark.blocks(of: UnsafeBufferPointer(rebasing: bytes[bodyOffset...])) { cmarkLine in
        let line = cmarkLine + bodyLine - 1
        return (line > source.lineCount ? source.byteCount : source.lineStarts[max(line, 1) - 1])
          - bodyOffset
      }
    }
    let definitions = referenceDefinitions(around: blocks)
    var cells: [Cell] = []
    var prose: [BlockSummary] = []
    var slugger = Slugger()
    var expressionCount = 0
    var mathErrors: [NotebookError] = []
    var reader = CodeCellReader(source: source, path: path)
    var codeCellCount = 0

    func flushProse() {
      guard !prose.isEmpty else { return }
      cells.append(
        .prose(
          proseCell(
            prose, definitions: definitions, slugger: &slugger, expressionCount: &expressionCount,
            mathErrors: &mathErrors)))
      prose.removeAll()
    }
    for block in blocks {
      errors += nestedFenceErrors(in: block) { line, column in
        source.location(ofOffset: fileOffset(line: line, column: column))
      }
      let first = fileLine(block.startLine)
      let start = first == bodyLine ? bodyOffset : source.lineStarts[first - 1]
      let last = fileLine(block.endLine)
      if block.isHTML { errors += fencesInHTMLErrors(first: first, last: last, reader: reader) }
      // Only a closed fence tagged `quant` is a cell; an unclosed fence or a tag that is
      // almost `quant` is an error at the opening line, and the block stays prose.
      guard block.isCodeBlock,
        let extent = reader.extent(first: first, last: last, firstLineStart: start)
      else {
        prose.append(block)
        continue
      }
      let fenceStart = start + extent.fence.indent
      let fenceRange = source.range(
        from: fenceStart, to: fenceStart + extent.fence.length, onLine: first)
      let tag = FenceTag(info: block.info)
      if case .nearMiss(let hint) = tag {
        let lineEnd = source.contentEnd(ofLine: first)
        let tagStart = source.skippingBlanks(from: fenceStart + extent.fence.length, to: lineEnd)
        var tagEnd = tagStart
        while tagEnd < lineEnd, source.bytes[tagEnd] != 0x20, source.bytes[tagEnd] != 0x09 {
          tagEnd += 1
        }
        errors.append(
          nearMissError(
            info: block.info, hint: hint,
            range: source.range(from: tagStart, to: tagEnd, onLine: first)))
      } else if !extent.isClosed {
        let fence = String(
          repeating: Character(Unicode.Scalar(extent.fence.character)), count: extent.fence.length)
        errors.append(unclosedFenceError(fence: fence, info: block.info, range: fenceRange))
      } else if tag == .quant,
        let cell = reader.read(
          index: codeCellCount, info: block.info, first: first, last: last, firstLineStart: start)
      {
        flushProse()
        cells.append(.code(cell))
        codeCellCount += 1
        continue
      }
      prose.append(block)
    }
    flushProse()
    errors += reader.errors + mathErrors

    let firstHeading = firstLevelOneHeading(in: blocks)
    return Notebook(
      path: path, source: source, frontMatter: result.frontMatter, cells: cells,
      title: result.frontMatter?.title ?? firstHeading ?? Self.fileStem(path))
  }

  /// The text of the first level-1 heading outside code cells, if any.
  private func firstLevelOneHeading(in blocks: [BlockSummary]) -> String? {
    for block in blocks where !block.isCodeBlock {
      if let heading = block.headings.first(where: { $0.level == 1 }) {
        return heading.text.trimmingBlanks()
      }
    }
    return nil
  }

  /// File line of a cmark line (clamped to the file).
  func fileLine(_ cmarkLine: Int) -> Int {
    clamped(cmarkLine + bodyLine - 1, bodyLine, source.lineCount)
  }

  /// File offset of a cmark line and 1-based byte column.
  private func fileOffset(line cmarkLine: Int, column: Int) -> Int {
    let line = fileLine(cmarkLine)
    let lineStart = line == bodyLine ? bodyOffset : source.lineStarts[line - 1]
    return clamped(lineStart + column - 1, lineStart, source.byteCount)
  }

  private func proseCell(
    _ blocks: [BlockSummary], definitions: String, slugger: inout Slugger,
    expressionCount: inout Int, mathErrors: inout [NotebookError]
  ) -> ProseCell {
    let firstLine = fileLine(blocks[0].startLine)
    var lastLine = max(fileLine(blocks[blocks.count - 1].endLine), firstLine)
    // cmark may end a list on the blank line after it; the cell ends at the last text line.
    while lastLine > firstLine, source.isBlank(line: lastLine) { lastLine -= 1 }
    let start = firstLine == bodyLine ? bodyOffset : source.lineStarts[firstLine - 1]
    let end = source.nextLineStart(ofLine: lastLine)
    var headings: [Heading] = []
    var expressions: [InlineExpression] = []
    for block in blocks {
      for heading in block.headings {
        let text = heading.text.trimmingBlanks()
        let range = source.range(
          from: fileOffset(line: heading.startLine, column: heading.startColumn),
          to: fileOffset(line: heading.endLine, column: heading.endColumn) + 1,
          onLine: fileLine(heading.startLine), endLine: fileLine(heading.endLine))
        headings.append(
          Heading(level: heading.level, text: text, slug: slugger.slug(for: text), range: range))
      }
      for span in block.expressionSpans {
        expressions.append(
          expression(span, index: expressionCount, blockStartLine: block.startLine))
        expressionCount += 1
      }
    }
    let math = formulas(
      in: blocks, from: start, to: end, expressionCount: &expressionCount, errors: &mathErrors)
    return ProseCell(
      markdown: source.string(from: start, to: end),
      range: source.range(from: start, to: end, onLine: firstLine, endLine: lastLine),
      headings: headings, inlineExpressions: expressions + math.flatMap(\.values),
      referenceDefinitions: definitions, formulas: math)
  }

  /// The inline expression of a `= ` code span. cmark reports where the span's content
  /// starts (after the opening backtick run); its reported end is wrong for a span that goes
  /// on across a list or block quote line, so the end is found in the file: the next run of
  /// exactly as many backticks (backslashes do not escape inside code spans). The range is
  /// then narrowed to the expression after `=`. If the file bytes are not such a span (not
  /// expected), the range falls back to the start of the block's line.
  private func expression(_ span: CodeSpanSummary, index: Int, blockStartLine: Int)
    -> InlineExpression
  {
    let text = String(span.literal.dropFirst(2)).trimmingBlanks()
    let bytes = source.bytes
    let backtick = UInt8(ascii: "`")
    func isBlank(_ byte: UInt8) -> Bool {
      byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
    let contentStart = fileOffset(line: span.startLine, column: span.startColumn)
    var runLength = 0
    while contentStart - runLength > 0, bytes[contentStart - runLength - 1] == backtick {
      runLength += 1
    }
    var contentEnd: Int?
    var cursor = contentStart
    while contentEnd == nil, cursor < bytes.count {
      guard bytes[cursor] == backtick else {
        cursor += 1
        continue
      }
      let runStart = cursor
      while cursor < bytes.count, bytes[cursor] == backtick { cursor += 1 }
      if cursor - runStart == runLength { contentEnd = runStart }
    }
    var start = contentStart
    if let contentEnd { while start < contentEnd, isBlank(bytes[start]) { start += 1 } }
    guard runLength > 0, let contentEnd, start < contentEnd, bytes[start] == UInt8(ascii: "=")
    else {
      let fallback = source.location(ofLineStart: fileLine(blockStartLine))
      return InlineExpression(text: text, range: SourceRange(at: fallback), index: index)
    }
    start += 1
    while start < contentEnd, isBlank(bytes[start]) { start += 1 }
    var end = contentEnd
    while end > start, isBlank(bytes[end - 1]) { end -= 1 }
    let line = fileLine(span.startLine)
    return InlineExpression(
      text: text, range: source.range(from: start, to: end, onLine: line, endLine: line),
      index: index)
  }

  /// Link reference definitions written between top-level blocks: cmark drops a paragraph
  /// made only of definitions, so its lines fall outside every block. Each such gap is kept
  /// if cmark confirms it holds no block.
  private func referenceDefinitions(around blocks: [BlockSummary]) -> String {
    var gaps: [String] = []
    var nextLine = bodyLine
    func addGap(before end: Int) {
      guard end > nextLine else { return }
      let start = nextLine == bodyLine ? bodyOffset : source.lineStarts[nextLine - 1]
      let stop = source.nextLineStart(ofLine: end - 1)
      let hasText = source.bytes.withUnsafeBufferPointer { bytes in
        var index = start
        while index < stop, bytes[index] == 0x20 || (bytes[index] >= 0x09 && bytes[index] <= 0x0D) {
          index += 1
        }
        return index < stop
      }
      guard hasText else { return }
      let text = source.string(from: start, to: stop)
      if CommonMark.hasNoBlocks(text) { gaps.append(text) }
    }
    for block in blocks {
      addGap(before: fileLine(block.startLine))
      nextLine = max(nextLine, fileLine(block.endLine) + 1)
    }
    addGap(before: source.lineCount + 1)
    return gaps.joined(separator: "\n\n")
  }

  /// The info string up to its first blank: `quant {.x}` -> `quant`.
  static func firstWord(of info: String) -> Substring {
    info.prefix { $0 != " " && $0 != "\t" }
  }

  /// `notebooks/02-bits.md` -> `02-bits`.
  static func fileStem(_ path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
    return String(name[..<dot])
  }
}

extension String {
  /// The string without leading and trailing spaces, tabs and line breaks.
  func trimmingBlanks() -> String {
    var copy = self
    let (first, end) = copy.withUTF8 { bytes -> (Int, Int) in
      var first = 0
      var end = bytes.count
      while first < end, bytes[first] == 0x20 || (bytes[first] >= 0x09 && bytes[first] <= 0x0D) {
        first += 1
      }
      while end > first,
        bytes[end - 1] == 0x20 || (bytes[end - 1] >= 0x09 && bytes[end - 1] <= 0x0D)
      { end -= 1 }
      return (first, end)
    }
    if first == 0, end == utf8.count { return self }
    return String(decoding: Array(utf8)[first..<end], as: UTF8.self)
  }
}
