import TensorEngine

/// The byte encoding of cache payloads, built on the engine's one little-endian codec
/// (`ByteWriter` / `ByteReader`): fixed-width little-endian integers, doubles as their IEEE
/// bit patterns (NaN and infinities survive, unlike JSON), strings and arrays prefixed by a
/// u64 count. Reading past the end or a bad tag throws `CacheDecodingError`, which the cache
/// treats like a corrupt entry (recompute, never trust).
struct CacheWriter {
  private var fields = ByteWriter()

  var bytes: [UInt8] { fields.bytes }

  mutating func u8(_ v: UInt8) { fields.u8(v) }
  mutating func u64(_ v: UInt64) { fields.u64(v) }
  mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
  mutating func bool(_ v: Bool) { u8(v ? 1 : 0) }
  mutating func double(_ v: Double) { u64(v.bitPattern) }
  mutating func float(_ v: Float) { u64(UInt64(v.bitPattern)) }
  mutating func string(_ v: String) { raw(Array(v.utf8)) }
  mutating func raw(_ v: [UInt8]) {
    int(v.count)
    fields.bytes.append(contentsOf: v)
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
  /// Each pair's two strings, after the count (`CacheReader.stringPairs`).
  mutating func stringPairs(_ v: [(String, String)]) {
    array(v) {
      $0.string($1.0); $0.string($1.1)
    }
  }
}

/// Why a payload could not be read back.
struct CacheDecodingError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Reads what `CacheWriter` wrote, checking every length against the bytes left.
struct CacheReader {
  private var fields: ByteReader

  init(_ bytes: [UInt8]) {
    // The reader's only failure is a read past the end.
    fields = ByteReader(bytes, from: 0, failure: { _ in CacheDecodingError("payload ends early") })
  }

  var isAtEnd: Bool { fields.position == fields.end }

  /// Bytes not read yet.
  private var remaining: Int { fields.end - fields.position }

  /// Runs a read of `fields`, passing on its `CacheDecodingError`.
  private mutating func read<T>(_ body: (inout ByteReader) throws -> T) throws(CacheDecodingError)
    -> T
  {
    do {
      return try body(&fields)
    } catch let error as CacheDecodingError {
      throw error
    } catch {
      throw CacheDecodingError("\(error)")
    }
  }

  mutating func u8() throws(CacheDecodingError) -> UInt8 { try read { try $0.u8("byte") } }
  mutating func u64() throws(CacheDecodingError) -> UInt64 { try read { try $0.u64("u64") } }

  mutating func int() throws(CacheDecodingError) -> Int { Int(Int64(bitPattern: try u64())) }

  /// A count, which must be plausible for the bytes left (each element takes at least one).
  mutating func count() throws(CacheDecodingError) -> Int {
    let n = try int()
    guard n >= 0, n <= remaining else { throw CacheDecodingError("implausible count \(n)") }
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
    return Array(try read { try $0.bytes(n, "bytes") })
  }

  mutating func string() throws(CacheDecodingError) -> String {
    guard let text = String(validating: try raw(), as: UTF8.self) else {
      throw CacheDecodingError("bad UTF-8")
    }
    return text
  }

  mutating func optional<T>(_ body: (inout CacheReader) throws(CacheDecodingError) -> T)
    throws(CacheDecodingError) -> T?
  {
    try bool() ? try body(&self) : nil
  }

  mutating func array<T>(_ body: (inout CacheReader) throws(CacheDecodingError) -> T)
    throws(CacheDecodingError) -> [T]
  {
    let n = try count()
    var items: [T] = []
    items.reserveCapacity(n)
    for _ in 0..<n { items.append(try body(&self)) }
    return items
  }

  mutating func doubles() throws(CacheDecodingError) -> [Double] {
    try array { r throws(CacheDecodingError) in try r.double() }
  }
  mutating func ints() throws(CacheDecodingError) -> [Int] {
    try array { r throws(CacheDecodingError) in try r.int() }
  }
  mutating func strings() throws(CacheDecodingError) -> [String] {
    try array { r throws(CacheDecodingError) in try r.string() }
  }

  /// An optional written by `CacheWriter.optional` with `string`, `int`, `double`.
  mutating func optionalString() throws(CacheDecodingError) -> String? {
    try optional { r throws(CacheDecodingError) in try r.string() }
  }
  mutating func optionalInt() throws(CacheDecodingError) -> Int? {
    try optional { r throws(CacheDecodingError) in try r.int() }
  }
  mutating func optionalDouble() throws(CacheDecodingError) -> Double? {
    try optional { r throws(CacheDecodingError) in try r.double() }
  }

  /// An array of string pairs written by `CacheWriter.stringPairs`.
  mutating func stringPairs() throws(CacheDecodingError) -> [(String, String)] {
    try array { r throws(CacheDecodingError) in (try r.string(), try r.string()) }
  }
}
