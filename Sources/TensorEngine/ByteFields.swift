// Little-endian fields of Quantbook's binary files (model files, integer model files): one
// writer and one reader, shared by every format so each says only what it stores.

/// Appends little-endian fields to `bytes`.
public struct ByteWriter {
  public var bytes: [UInt8] = []

  public init() {}

  public mutating func u8(_ v: UInt8) { bytes.append(v) }
  public mutating func u32(_ v: UInt32) {
    bytes += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
  }
  /// A count or size as u32 (the low 32 bits of `v`).
  public mutating func int(_ v: Int) { u32(UInt32(truncatingIfNeeded: v)) }
  public mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
  public mutating func u64(_ v: UInt64) {
    u32(UInt32(truncatingIfNeeded: v))
    u32(UInt32(truncatingIfNeeded: v >> 32))
  }
  public mutating func f32(_ v: Float) { u32(v.bitPattern) }
  /// A u32 count, then the values.
  public mutating func floats(_ values: [Float]) {
    u32(UInt32(values.count))
    bytes.reserveCapacity(bytes.count + 4 * values.count)
    for value in values { f32(value) }
  }
}

/// Reads little-endian fields from `bytes[position..<end]`. Every read names the field it
/// reads (`what`); reading past `end` throws `failure("truncated while reading <what> at byte
/// <n>")`, so each format throws its own error type with its own prefix.
public struct ByteReader {
  public let bytes: [UInt8]
  public var position: Int
  /// Reads stop here (a format may end the readable part before a trailing checksum).
  public var end: Int
  private let failure: (String) -> any Error

  public init(_ bytes: [UInt8], from position: Int, failure: @escaping (String) -> any Error) {
    self.bytes = bytes
    self.position = position
    end = bytes.count
    self.failure = failure
  }

  /// The format's error for `message`.
  public func fail(_ message: String) -> any Error { failure(message) }

  /// The next `n` bytes.
  public mutating func bytes(_ n: Int, _ what: String) throws -> ArraySlice<UInt8> {
    guard n >= 0, n <= end - position else {
      throw fail("truncated while reading \(what) at byte \(position)")
    }
    defer { position += n }
    return bytes[position..<(position + n)]
  }
  public mutating func u8(_ what: String) throws -> UInt8 { try bytes(1, what).first! }
  public mutating func u32(_ what: String) throws -> UInt32 {
    try bytes(4, what).reversed().reduce(0) { $0 << 8 | UInt32($1) }
  }
  /// A u32 as an Int.
  public mutating func int(_ what: String) throws -> Int { Int(try u32(what)) }
  public mutating func i32(_ what: String) throws -> Int32 { Int32(bitPattern: try u32(what)) }
  public mutating func u64(_ what: String) throws -> UInt64 {
    try bytes(8, what).reversed().reduce(0) { $0 << 8 | UInt64($1) }
  }
  public mutating func f32(_ what: String) throws -> Float { Float(bitPattern: try u32(what)) }
  /// A u32 count no larger than `limit` (anything larger is corruption).
  public mutating func count(_ what: String, limit: Int = 1 << 24) throws -> Int {
    let v = try int(what)
    guard v <= limit else { throw fail("\(what) \(v) is implausibly large") }
    return v
  }
  /// A u32 count that must equal `expected`, then that many f32.
  public mutating func floats(_ what: String, expected: Int) throws -> [Float] {
    let n = try count("\(what) count", limit: 1 << 28)
    guard n == expected else {
      throw fail("\(what): \(n) values stored, the layer needs \(expected)")
    }
    guard 4 * n <= end - position else {
      throw fail("truncated while reading \(what) at byte \(position)")
    }
    return try (0..<n).map { _ in try f32(what) }
  }
}
