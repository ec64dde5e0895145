/// The byte encoding of cache payloads: little-endian fixed-width integers, doubles as their
/// IEEE bit patterns (NaN and infinities survive, unlike JSON), strings and arrays prefixed
/// by a u64 count. Reading past the end or a bad tag throws `CacheDecodingError`, which the
/// cache treats like a corrupt entry (recompute, never trust).
struct CacheWriter {
  private(set) var bytes: [UInt8] = []

  mutating func u8(_ v: UInt8) { bytes.append(v) }
  mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
  mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
  mutating func bool(_ v: Bool) { u8(v ? 1 : 0) }
  mutating func double(_ v: Double) { u64(v.bitPattern) }
  mutating func float(_ v: Float) { u64(UInt64(v.bitPattern)) }
  mutating func string(_ v: String) { raw(Array(v.utf8)) }
  mutating func raw(_ v: [UInt8]) {
    int(v.count)
    bytes.append(contentsOf: v)
  }
  mutating func optional<T>(_ v: T?, _ body: (inout CacheWriter, T) -> Void) {
    bool(v != nil)
    if let v { body(&self, v) }
  }
  mutating func array<T>(_ v: [T], _ body: (inout CacheWriter, T) -> Void) {
    int(v.count)
    for item in v { body(&self, item) }
  }
  mutating func doubles(_ v: [Double]) { array(v) { $0.double($1) } }
  mutating func ints(_ v: [Int]) { array(v) { $0.int($1) } }
  mutating func strings(_ v: [String]) { array(v) { $0.string($1) } }
}

/// Why a payload could not be read back.
struct CacheDecodingError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Reads what `CacheWriter` wrote, checking every length against the bytes left.
struct CacheReader {
  private let bytes: [UInt8]
  private var position = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var isAtEnd: Bool { position == bytes.count }

  mutating func u8() throws(CacheDecodingError) -> UInt8 {
    guard position < bytes.count else { throw CacheDecodingError("payload ends early") }
    defer { position += 1 }
    return bytes[position]
  }

  mutating func u64() throws(CacheDecodingError) -> UInt64 {
    guard bytes.count - position >= 8 else { throw CacheDecodingError("payload ends early") }
    var v: UInt64 = 0
    for i in (0..<8).reversed() { v = v << 8 | UInt64(bytes[position + i]) }
    position += 8
    return v
  }

  mutating func int() throws(CacheDecodingError) -> Int { Int(Int64(bitPattern: try u64())) }

  /// A count, which must be plausible for the bytes left (each element takes at least one).
  mutating func count() throws(CacheDecodingError) -> Int {
    let n = try int()
    guard n >= 0, n <= bytes.count - position else { throw CacheDecodingError("implausible count \(n)") }
    return n
  }

  mutating func bool() throws(CacheDecodingError) -> Bool {
    switch try u8() {
    case 0: return false
    case 1: return true
    case let b: throw CacheDecodingError("bad boolean \(b)")
    }
  }

  mutating func double() throws(CacheDecodingError) -> Double { Double(bitPattern: try u64()) }
  mutating func float() throws(CacheDecodingError) -> Float {
    let v = try u64()
    guard v <= UInt64(UInt32.max) else { throw CacheDecodingError("bad float") }
    return Float(bitPattern: UInt32(v))
  }

  mutating func raw() throws(CacheDecodingError) -> [UInt8] {
    let n = try count()
    defer { position += n }
    return Array(bytes[position..<position + n])
  }

  mutating func string() throws(CacheDecodingError) -> String {
    guard let text = String(validating: try raw(), as: UTF8.self) else { throw CacheDecodingError("bad UTF-8") }
    return text
  }

  mutating func optional<T>(_ body: (inout CacheReader) throws(CacheDecodingError) -> T) throws(CacheDecodingError) -> T? {
    try bool() ? try body(&self) : nil
  }

  mutating func array<T>(_ body: (inout CacheReader) throws(CacheDecodingError) -> T) throws(CacheDecodingError) -> [T] {
    let n = try count()
    var items: [T] = []
    items.reserveCapacity(n)
    for _ in 0..<n { items.append(try body(&self)) }
    return items
  }

  mutating func doubles() throws(CacheDecodingError) -> [Double] { try array { r throws(CacheDecodingError) in try r.double() } }
  mutating func ints() throws(CacheDecodingError) -> [Int] { try array { r throws(CacheDecodingError) in try r.int() } }
  mutating func strings() throws(CacheDecodingError) -> [String] { try array { r throws(CacheDecodingError) in try r.string() } }
}
