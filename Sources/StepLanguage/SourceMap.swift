import MarkdownNotebook

/// Maps a UTF-8 byte offset inside a cell's code text to a position in the notebook file.
///
/// The step language works on the code text of one cell (or one inline expression); every
/// range it reports is a file position, so diagnostics and highlighting point into the
/// notebook. Two ways to build one:
/// - `init(text:base:)`: the code text is a contiguous slice of the file starting at `base`
///   (the file position of the code's first byte). Lines after the first start at column 1.
/// - `init(mapping:)`: the caller knows better (indented fences whose indentation cmark
///   stripped); it maps a code offset to a file location itself.
public struct SourceMap: Sendable {
  private enum Storage: Sendable {
    case contiguous(base: SourceLocation, lineStarts: [Int])
    case custom(@Sendable (Int) -> SourceLocation)
  }

  private let storage: Storage

  /// The code text is the file slice starting at `base`.
  public init(text: String, base: SourceLocation) {
    var starts = [0]
    var index = 0
    for byte in text.utf8 {
      index += 1
      if byte == UInt8(ascii: "\n") { starts.append(index) }
    }
    storage = .contiguous(base: base, lineStarts: starts)
  }

  /// The caller maps a 0-based UTF-8 offset in the code text to its file location.
  public init(mapping: @escaping @Sendable (Int) -> SourceLocation) {
    storage = .custom(mapping)
  }

  /// A map for text that is a whole file of its own (line 1, column 1, offset 0).
  public static func standalone(_ text: String) -> SourceMap {
    SourceMap(text: text, base: SourceLocation(line: 1, column: 1, offset: 0))
  }

  /// The file location of the byte at `offset` in the code text (`offset` may equal the
  /// text's length: the position just past its end).
  public func location(at offset: Int) -> SourceLocation {
    switch storage {
    case .custom(let map):
      return map(offset)
    case .contiguous(let base, let starts):
      let low = starts.lastIndex(atMost: offset)
      let column = offset - starts[low] + (low == 0 ? base.column : 1)
      return SourceLocation(line: base.line + low, column: column, offset: base.offset + offset)
    }
  }

  /// The file range of the code bytes `range`.
  public func range(_ range: Range<Int>) -> SourceRange {
    SourceRange(start: location(at: range.lowerBound), end: location(at: range.upperBound))
  }
}
