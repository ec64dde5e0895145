import TeXMath

/// Reads the front matter block at the top of a notebook (see `FrontMatter` for the grammar),
/// collecting every error and going on with the next line.
struct FrontMatterParser {
  let source: SourceText
  let path: String
  private(set) var errors: [NotebookError] = []

  /// The result: the front matter (nil when the file has none or it is never closed) and the
  /// 1-based line where the Markdown body starts.
  struct Result {
    var frontMatter: FrontMatter?
    var bodyStartLine: Int
  }

  /// Offset of the first byte after a UTF-8 byte order mark, if the file starts with one.
  var textStart: Int { source.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0 }

  mutating func parse() -> Result {
    guard isFence(line: 1, from: textStart) else {
      return Result(frontMatter: nil, bodyStartLine: 1)
    }
    var closing: Int?
    var line = 2
    while closing == nil, line <= source.lineCount {
      if isFence(line: line) { closing = line }
      line += 1
    }
    guard let closing else {
      fail(
        .unclosedFrontMatter, source.range(from: textStart, to: textStart + 3),
        "front matter opened here is never closed; add a line containing only '---' after it")
      return Result(frontMatter: nil, bodyStartLine: 1)
    }
    let range = SourceRange(
      start: source.location(ofOffset: textStart),
      end: source.location(ofOffset: source.contentEnd(ofLine: closing)))
    var frontMatter = FrontMatter(range: range)
    var lines = LineState()
    for line in 2..<closing { parseLine(line, into: &frontMatter, state: &lines) }
    return Result(frontMatter: frontMatter, bodyStartLine: closing + 1)
  }

  /// Per-block state: whether indented lines belong to `params:` and their indentation.
  private struct LineState {
    var inParams = false
    var paramsLine: Int?
    var paramIndent: (width: Int, line: Int)?
  }

  private func isFence(line: Int, from start: Int? = nil) -> Bool {
    let begin = start ?? source.lineStarts[line - 1]
    let end = trimmedEnd(ofLine: line)
    return end - begin == 3 && source.bytes[begin..<end].elementsEqual("---".utf8)
  }

  /// End of a line's content with trailing blanks removed.
  private func trimmedEnd(ofLine line: Int) -> Int {
    source.trimmingBlanks(from: source.lineStarts[line - 1], to: source.contentEnd(ofLine: line))
  }

  private mutating func parseLine(
    _ line: Int, into frontMatter: inout FrontMatter, state: inout LineState
  ) {
    let bytes = source.bytes
    let start = source.lineStarts[line - 1]
    let end = trimmedEnd(ofLine: line)
    var index = start
    while index < end, bytes[index] == UInt8(ascii: " ") { index += 1 }
    if index == end || bytes[index] == UInt8(ascii: "#") { return }  // blank or comment
    if bytes[index] == UInt8(ascii: "\t") {
      fail(
        .indentation, source.range(from: index, to: index + 1),
        "tab in front matter indentation; indent with spaces")
      return
    }
    let indent = index - start
    guard let entry = keyValue(from: index, to: end) else { return }
    if indent == 0 {
      state.inParams = false
      topLevel(entry, into: &frontMatter, state: &state)
      return
    }
    guard state.inParams else {
      fail(
        .indentation, source.range(from: start, to: index),
        "unexpected indentation; only the 'name: value' lines under 'params:' are indented")
      return
    }
    if let first = state.paramIndent, first.width != indent {
      fail(
        .indentation, source.range(from: start, to: index),
        "parameter indented by \(indent) spaces but the one on line \(first.line) by \(first.width)"
          + "; indent all parameters alike"
      )
      return
    }
    state.paramIndent = state.paramIndent ?? (indent, line)
    if repeated(entry, frontMatter.param(named: entry.key), "parameter", "declared") { return }
    guard let value = parseValue(entry) else { return }
    frontMatter.params.append(
      FrontMatterEntry(
        key: entry.key, keyRange: entry.keyRange, value: value, valueRange: entry.valueRange))
  }

  private mutating func topLevel(
    _ entry: RawEntry, into frontMatter: inout FrontMatter, state: inout LineState
  ) {
    guard FrontMatter.knownKeys.contains(entry.key) else {
      let hint =
        Suggestion.closest(to: entry.key, in: FrontMatter.knownKeys).map { "did you mean '\($0)'?" }
        ?? "known keys are \(FrontMatter.knownKeys.joined(separator: ", "))"
      fail(.unknownKey, entry.keyRange, "unknown front matter key '\(entry.key)'; \(hint)")
      return
    }
    if repeated(entry, frontMatter.entry(named: entry.key), "key", "set") { return }
    if entry.key == "params" {
      if entry.valueRange.start.offset < entry.valueRange.end.offset {
        fail(
          .invalidValue, entry.valueRange,
          "'params:' takes indented 'name: value' lines below it, not a value on the same line")
      }
      if let first = state.paramsLine {
        fail(
          .duplicateKey, entry.keyRange,
          "'params:' is already given on line \(first); merge the parameters under one 'params:'")
      }
      state.paramsLine = state.paramsLine ?? entry.keyRange.start.line
      state.inParams = true
      return
    }
    guard let value = parseValue(entry, isText: entry.key != "seed") else { return }
    frontMatter.entries.append(
      FrontMatterEntry(
        key: entry.key, keyRange: entry.keyRange, value: value, valueRange: entry.valueRange))
    let rawText = source.string(
      from: entry.valueRange.start.offset, to: entry.valueRange.end.offset)
    switch (entry.key, value) {
    case ("seed", .int(let seed)) where seed >= 0:
      frontMatter.seed = seed
    case ("seed", _):
      fail(.invalidValue, entry.valueRange, "seed must be a non-negative integer, e.g. 'seed: 7'")
    case ("convolution", .string(let name)) where FrontMatter.convolutions.contains(name):
      frontMatter.convolution = name
    case ("convolution", _):
      fail(
        .invalidValue, entry.valueRange,
        "convolution must be \(FrontMatter.convolutions.joined(separator: " or ")), not "
          + "\(value); e.g. 'convolution: winograd'")
    case (_, .list):
      fail(
        .invalidValue, entry.valueRange,
        "\(entry.key) must be text, not a list; quote it if the brackets are meant")
    default:
      let text: String
      if case .string(let string) = value { text = string } else { text = rawText }
      switch entry.key {
      case "title": frontMatter.title = text
      case "author": frontMatter.author = text
      default: frontMatter.description = text
      }
    }
  }

  /// Reports `entry` when its key was given before, at `previous` (a parameter "declared", a
  /// key "set"); true when it was.
  private mutating func repeated(
    _ entry: RawEntry, _ previous: FrontMatterEntry?, _ what: String, _ verb: String
  ) -> Bool {
    guard let previous else { return false }
    fail(
      .duplicateKey, entry.keyRange,
      "\(what) '\(entry.key)' is already \(verb) on line \(previous.keyRange.start.line); "
        + "remove one of them")
    return true
  }

  /// A `key: value` line split into its parts, before the value is parsed.
  private struct RawEntry {
    var key: String
    var keyRange: SourceRange
    var valueRange: SourceRange
  }

  /// Splits `key: value` in `[start, end)`; records an error and returns nil if malformed.
  private mutating func keyValue(from start: Int, to end: Int) -> RawEntry? {
    let bytes = source.bytes
    var index = start
    while index < end, Self.isKeyByte(bytes[index], first: index == start) { index += 1 }
    let keyEnd = index
    while index < end, bytes[index] == UInt8(ascii: " ") { index += 1 }
    guard keyEnd > start, index < end, bytes[index] == UInt8(ascii: ":") else {
      let at = keyEnd > start ? keyEnd : start
      fail(
        .frontMatterSyntax, source.range(from: at, to: max(at + 1, min(end, at + 1))),
        keyEnd > start
          ? "expected ':' after '\(source.string(from: start, to: keyEnd))'; write 'key: value'"
          : "expected 'key: value' (a key is letters, digits, '_' or '-')")
      return nil
    }
    let valueStart = source.skippingBlanks(from: index + 1, to: end)
    return RawEntry(
      key: source.string(from: start, to: keyEnd), keyRange: source.range(from: start, to: keyEnd),
      valueRange: source.range(from: valueStart, to: max(valueStart, end)))
  }

  /// `isText`: the key's value is text (title, author, description), so a bare value that
  /// only starts like a number (`3 bits`) is a string rather than an error.
  private mutating func parseValue(_ entry: RawEntry, isText: Bool = false) -> FrontMatterValue? {
    do {
      return try ValueScanner(
        source: source, line: entry.keyRange.start.line, numberLikeWordsAreText: isText
      ).value(
        from: entry.valueRange.start.offset, to: entry.valueRange.end.offset)
    } catch {
      fail(.invalidValue, source.range(from: error.start, to: error.end), error.message)
      return nil
    }
  }

  static func isKeyByte(_ byte: UInt8, first: Bool) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "_"):
      true
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): !first
    default: false
    }
  }

  private mutating func fail(_ kind: NotebookError.Kind, _ range: SourceRange, _ message: String) {
    errors.append(NotebookError(kind: kind, path: path, range: range, message: message))
  }
}
