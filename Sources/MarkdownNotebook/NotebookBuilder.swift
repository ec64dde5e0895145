/// Turns a notebook's text into a `Notebook`: front matter, then cmark over the body, then
/// cells built from the file bytes at the lines cmark reports.
struct NotebookBuilder {
  let source: SourceText
  let path: String
  private(set) var errors: [NotebookError] = []

  /// File line of cmark's line 1, and file offset of cmark's first byte.
  private var bodyLine = 1
  private var bodyOffset = 0

  init(source: SourceText, path: String) {
    self.source = source
    self.path = path
  }

  mutating func build() -> Notebook {
    var frontMatterParser = FrontMatterParser(source: source, path: path)
    let result = frontMatterParser.parse()
    errors += frontMatterParser.errors
    bodyLine = result.bodyStartLine
    bodyOffset = bodyLine == 1 ? frontMatterParser.textStart : source.nextLineStart(ofLine: bodyLine - 1)

    let blocks = source.bytes.withUnsafeBufferPointer { bytes in
      CommonMark.blocks(of: UnsafeBufferPointer(rebasing: bytes[bodyOffset...]))
    }
    let definitions = referenceDefinitions(around: blocks)
    var cells: [Cell] = []
    var prose: [BlockSummary] = []
    var slugger = Slugger()
    var expressionCount = 0
    var reader = CodeCellReader(source: source, path: path)
    var codeCellCount = 0

    func flushProse() {
      guard !prose.isEmpty else { return }
      cells.append(.prose(proseCell(prose, definitions: definitions, slugger: &slugger, expressionCount: &expressionCount)))
      prose.removeAll()
    }
    for block in blocks {
      let isQuant = block.isCodeBlock && block.info.split(separator: " ", maxSplits: 1).first == "quant"
      let first = fileLine(block.startLine)
      let start = first == bodyLine ? bodyOffset : source.lineStarts[first - 1]
      if isQuant,
        let cell = reader.read(
          index: codeCellCount, info: block.info,
          first: first, last: fileLine(block.endLine), firstLineStart: start)
      {
        flushProse()
        cells.append(.code(cell))
        codeCellCount += 1
      } else {
        prose.append(block)
      }
    }
    flushProse()
    errors += reader.errors

    let firstHeading = cells.lazy.compactMap { cell -> String? in
      guard case .prose(let prose) = cell else { return nil }
      return prose.headings.first { $0.level == 1 }?.text
    }.first
    return Notebook(
      path: path, source: source, frontMatter: result.frontMatter, cells: cells,
      title: result.frontMatter?.title ?? firstHeading ?? Self.fileStem(path))
  }

  /// File line of a cmark line (clamped to the file).
  private func fileLine(_ cmarkLine: Int) -> Int {
    min(max(cmarkLine + bodyLine - 1, bodyLine), source.lineCount)
  }

  /// File offset of a cmark line and 1-based byte column.
  private func fileOffset(line cmarkLine: Int, column: Int) -> Int {
    let line = fileLine(cmarkLine)
    let lineStart = line == bodyLine ? bodyOffset : source.lineStarts[line - 1]
    return min(lineStart + max(column, 1) - 1, source.byteCount)
  }

  private func proseCell(
    _ blocks: [BlockSummary], definitions: String, slugger: inout Slugger, expressionCount: inout Int
  ) -> ProseCell {
    let firstLine = fileLine(blocks[0].startLine)
    let lastLine = max(fileLine(blocks[blocks.count - 1].endLine), firstLine)
    let start = firstLine == bodyLine ? bodyOffset : source.lineStarts[firstLine - 1]
    let end = source.nextLineStart(ofLine: lastLine)
    var headings: [Heading] = []
    var expressions: [InlineExpression] = []
    for block in blocks {
      for heading in block.headings {
        let text = heading.text.trimmingBlanks()
        let range = source.range(
          from: fileOffset(line: heading.startLine, column: heading.startColumn),
          to: fileOffset(line: heading.endLine, column: heading.endColumn) + 1)
        headings.append(Heading(level: heading.level, text: text, slug: slugger.slug(for: text), range: range))
      }
      for span in block.expressionSpans {
        expressions.append(expression(span, index: expressionCount, blockStartLine: block.startLine))
        expressionCount += 1
      }
    }
    return ProseCell(
      markdown: source.string(from: start, to: end), range: source.range(from: start, to: end),
      headings: headings, inlineExpressions: expressions, referenceDefinitions: definitions)
  }

  /// The inline expression of a `= ` code span. cmark reports the span's content between
  /// the backtick runs; the range is narrowed to the expression after `=`. If the file
  /// bytes there are not a backtick-delimited span starting with `=` (not expected), the
  /// range falls back to the start of the block's line.
  private func expression(_ span: CodeSpanSummary, index: Int, blockStartLine: Int) -> InlineExpression {
    let text = String(span.literal.dropFirst(2)).trimmingBlanks()
    let bytes = source.bytes
    let contentStart = fileOffset(line: span.startLine, column: span.startColumn)
    let contentEnd = fileOffset(line: span.endLine, column: span.endColumn) + 1
    func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    var start = contentStart
    while start < contentEnd, isBlank(bytes[start]) { start += 1 }
    let framed = contentStart > 0 && contentEnd < bytes.count && bytes[contentStart - 1] == UInt8(ascii: "`")
      && bytes[contentEnd] == UInt8(ascii: "`") && start < contentEnd && bytes[start] == UInt8(ascii: "=")
    guard framed else {
      let fallback = source.location(ofLineStart: fileLine(blockStartLine))
      return InlineExpression(text: text, range: SourceRange(at: fallback), index: index)
    }
    start += 1
    while start < contentEnd, isBlank(bytes[start]) { start += 1 }
    var end = contentEnd
    while end > start, isBlank(bytes[end - 1]) { end -= 1 }
    return InlineExpression(text: text, range: source.range(from: start, to: end), index: index)
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
      let blank: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
      guard source.bytes[start..<stop].contains(where: { !blank.contains($0) }) else { return }
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
    let blanks: Set<Character> = [" ", "\t", "\n", "\r", "\r\n"]
    guard let first = firstIndex(where: { !blanks.contains($0) }),
      let last = lastIndex(where: { !blanks.contains($0) })
    else { return "" }
    return String(self[first...last])
  }
}
