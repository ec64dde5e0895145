/// An exact copy of a notebook's text with a line table, for mapping byte offsets to
/// `line:column` and printing a source line under a diagnostic.
///
/// Lines end at `\n`, `\r\n` or a lone `\r` (the CommonMark rule, so line numbers agree with
/// cmark's). A file ending in a line terminator has one more, empty, line after it, so the
/// end-of-file offset still has a location.
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
    let offset = min(max(offset, 0), bytes.count)
    // Binary search for the last line start <= offset.
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return SourceLocation(line: low + 1, column: offset - lineStarts[low] + 1, offset: offset)
  }

  /// The location of the first byte of a 1-based line (clamped to the file).
  public func location(ofLineStart line: Int) -> SourceLocation {
    let index = min(max(line, 1), lineStarts.count) - 1
    return SourceLocation(line: index + 1, column: 1, offset: lineStarts[index])
  }

  /// The location of a 1-based line and 1-based byte column, clamped to the line's content.
  public func location(line: Int, column: Int) -> SourceLocation {
    let start = location(ofLineStart: line)
    let width = contentEnd(ofLine: start.line) - start.offset
    let column = min(max(column, 1), width + 1)
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
    let start = min(max(start, 0), bytes.count)
    let end = min(max(end, start), bytes.count)
    return String(decoding: bytes[start..<end], as: UTF8.self)
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

  private static func lineStarts(of bytes: [UInt8]) -> [Int] {
    var starts = [0]
    starts.reserveCapacity(bytes.count / 32 + 1)
    bytes.withUnsafeBufferPointer { buffer in
      let count = buffer.count
      var index = 0
      while index < count {
        let byte = buffer[index]
        index += 1
        if byte == 0x0A {  // \n
          starts.append(index)
        } else if byte == 0x0D {  // \r, alone or followed by \n
          if index < count, buffer[index] == 0x0A { index += 1 }
          starts.append(index)
        }
      }
    }
    return starts
  }
}
