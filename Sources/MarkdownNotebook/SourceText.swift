#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exact copy of a notebook's text with a line table, for mapping byte offsets to
/// `line:column` and printing a source line under a diagnostic.
///
/// Lines end at `\n`, `\r\n` or a lone `\r` (the CommonMark rule, so line numbers agree with
/// cmark's). A file ending in a line terminator has one more, empty, line after it, so the
/// end-of-file offset still has a location.
/// `value` limited to `low...high` (`high` wins if `low > high`). Not `min(max(...))`: the
/// generic versions are slow in debug builds, and this runs for every position.
@inline(__always)
func clamped(_ value: Int, _ low: Int, _ high: Int) -> Int {
  if value > high { return high }
  if value < low { return low > high ? high : low }
  return value
}

public struct SourceText: Sendable {
  /// The notebook text, unchanged.
  public let text: String
  /// The UTF-8 bytes of `text`.
  let bytes: [UInt8]
  /// `lineStarts[i]` is the byte offset of the first byte of line `i + 1`.
  let lineStarts: [Int]

  public init(_ text: String) {
    self.text = text
    let bytes = Array(text.utf8)
    self.bytes = bytes
    self.lineStarts = Self.lineStarts(of: bytes)
  }

  /// Number of lines (at least 1, even for an empty text).
  public var lineCount: Int { lineStarts.count }

  /// Size of the text in UTF-8 bytes.
  public var byteCount: Int { bytes.count }

  /// The location of a byte offset (clamped to `0...byteCount`).
  public func location(ofOffset offset: Int) -> SourceLocation {
    let offset = clamped(offset, 0, bytes.count)
    let line = lineStarts.lastIndex(atMost: offset)
    return SourceLocation(line: line + 1, column: offset - lineStarts[line] + 1, offset: offset)
  }

  /// The location of the first byte of a 1-based line (clamped to the file).
  public func location(ofLineStart line: Int) -> SourceLocation {
    let index = clamped(line, 1, lineStarts.count) - 1
    return SourceLocation(line: index + 1, column: 1, offset: lineStarts[index])
  }

  /// The location of a 1-based line and 1-based byte column, clamped to the line's content.
  public func location(line: Int, column: Int) -> SourceLocation {
    let start = location(ofLineStart: line)
    let width = contentEnd(ofLine: start.line) - start.offset
    let column = clamped(column, 1, width + 1)
    return SourceLocation(line: start.line, column: column, offset: start.offset + column - 1)
  }

  /// The range of `[start, end)` byte offsets.
  public func range(from start: Int, to end: Int) -> SourceRange {
    SourceRange(start: location(ofOffset: start), end: location(ofOffset: end))
  }

  /// The text of a 1-based line without its terminator, or nil if there is no such line.
  public func line(_ number: Int) -> String? {
    guard number >= 1, number <= lineStarts.count else { return nil }
    return string(from: lineStarts[number - 1], to: contentEnd(ofLine: number))
  }

  /// The text between two byte offsets (clamped); invalid UTF-8 at the cut becomes U+FFFD.
  public func string(from start: Int, to end: Int) -> String {
    let start = clamped(start, 0, bytes.count)
    let end = clamped(end, start, bytes.count)
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }

  /// True if a 1-based line holds only spaces and tabs.
  func isBlank(line number: Int) -> Bool {
    let end = contentEnd(ofLine: number)
    return skippingBlanks(from: lineStarts[number - 1], to: end) == end
  }

  /// The first offset in `[start, end)` whose byte is not a space or tab; `end` if none.
  func skippingBlanks(from start: Int, to end: Int) -> Int {
    var index = start
    while index < end, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
      index += 1
    }
    return index
  }

  /// `end` moved back past the spaces and tabs before it, never before `start`.
  func trimmingBlanks(from start: Int, to end: Int) -> Int {
    var end = end
    while end > start,
      bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t")
    {
      end -= 1
    }
    return end
  }

  /// The location of a byte offset expected on 1-based `line` or the line after it; any
  /// other offset is found by binary search. Saves the search where the line is known.
  func location(ofOffset offset: Int, onLine line: Int) -> SourceLocation {
    var candidate = line
    while candidate <= line + 1, candidate >= 1, candidate <= lineStarts.count {
      let start = lineStarts[candidate - 1]
      let next = candidate < lineStarts.count ? lineStarts[candidate] : bytes.count + 1
      if offset >= start, offset < next {
        return SourceLocation(line: candidate, column: offset - start + 1, offset: offset)
      }
      candidate += 1
    }
    return location(ofOffset: offset)
  }

  /// The range of `[start, end)` byte offsets, start on 1-based `line`, end on `endLine`
  /// (or the line after either; see `location(ofOffset:onLine:)`).
  func range(from start: Int, to end: Int, onLine line: Int, endLine: Int? = nil) -> SourceRange {
    SourceRange(
      start: location(ofOffset: start, onLine: line),
      end: location(ofOffset: end, onLine: endLine ?? line))
  }

  /// Byte offset just past the content of a 1-based line (before its terminator).
  func contentEnd(ofLine number: Int) -> Int {
    var end = nextLineStart(ofLine: number)
    if end > lineStarts[number - 1], bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
    if end > lineStarts[number - 1], bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return end
  }

  /// Byte offset of the line after a 1-based line (the file size for the last line).
  func nextLineStart(ofLine number: Int) -> Int {
    number < lineStarts.count ? lineStarts[number] : bytes.count
  }

  /// Line start offsets. `memchr` finds the terminators: this runs over every byte of the
  /// file, and a byte loop is slow in debug builds.
  private static func lineStarts(of bytes: [UInt8]) -> [Int] {
    var starts = [0]
    starts.reserveCapacity(bytes.count / 32 + 1)
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      let count = buffer.count
      let hasCarriageReturn = memchr(base, 0x0D, count) != nil
      var index = 0
      while index < count {
        guard let found = memchr(base + index, hasCarriageReturn ? 0x0D : 0x0A, count - index)
        else {
          if hasCarriageReturn { scanMixed(buffer, from: index, into: &starts) }
          return
        }
        let position = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
        if hasCarriageReturn {
          // Up to the next \r, only \n ends lines; then the \r itself (with a following \n).
          scanMixed(UnsafeBufferPointer(rebasing: buffer[..<position]), from: index, into: &starts)
          index = position + 1
          if index < count, buffer[index] == 0x0A { index += 1 }
        } else {
          index = position + 1
        }
        starts.append(index)
      }
    }
    return starts
  }

  /// Appends the start of each line ended by `\n` in `buffer[from...]`.
  private static func scanMixed(
    _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, into starts: inout [Int]
  ) {
    guard let base = buffer.baseAddress else { return }
    var index = start
    while index < buffer.count, let found = memchr(base + index, 0x0A, buffer.count - index) {
      index = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base + 1
      starts.append(index)
    }
  }
}

/// Two source texts are equal when their texts are (the rest is derived from the text).
extension SourceText: Hashable {
  public static func == (lhs: SourceText, rhs: SourceText) -> Bool { lhs.text == rhs.text }
  public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

extension Array where Element == Int {
  /// Binary search in ascending offsets (line starts): the index of the last one `<= value`,
  /// or 0 when there is none.
  public func lastIndex(atMost value: Int) -> Int {
    withUnsafeBufferPointer { starts in
      var low = 0
      var high = starts.count - 1
      while low < high {
        let mid = (low + high + 1) / 2
        if starts[mid] <= value { low = mid } else { high = mid - 1 }
      }
      return low
    }
  }
}
