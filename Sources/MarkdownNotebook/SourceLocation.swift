/// A position in a notebook file.
///
/// `line` and `column` are 1-based; `column` counts UTF-8 bytes from the start of the line
/// (as compilers and cmark do), so a multi-byte character before a position moves the column
/// by its byte length. `offset` is the 0-based UTF-8 byte offset from the start of the file.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  public var offset: Int

  public init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    lhs.offset < rhs.offset
  }

  public var description: String { "\(line):\(column)" }
}

/// A half-open range `[start, end)` of a notebook file.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
  public var start: SourceLocation
  public var end: SourceLocation

  public init(start: SourceLocation, end: SourceLocation) {
    self.start = start
    self.end = end
  }

  /// An empty range at one location.
  public init(at location: SourceLocation) {
    self.init(start: location, end: location)
  }

  /// True if the range holds no byte.
  public var isEmpty: Bool { start.offset >= end.offset }

  /// Length in UTF-8 bytes.
  public var byteCount: Int { max(end.offset - start.offset, 0) }

  /// True if `location` is in `[start, end)`.
  public func contains(_ location: SourceLocation) -> Bool {
    location.offset >= start.offset && location.offset < end.offset
  }

  public var description: String { "\(start)-\(end)" }
}
