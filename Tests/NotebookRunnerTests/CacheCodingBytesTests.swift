import Testing

@testable import NotebookRunner

/// The cache payload layout, pinned byte for byte: the cache codec sits on the engine's
/// `ByteWriter` / `ByteReader`, and entries written before that move must still read back
/// (the cache format version did not change).
@Suite struct CacheCodingBytesTests {
  static let zeros7: [UInt8] = Array(repeating: 0, count: 7)

  static let expected: [UInt8] =
    [7]  // u8
    + [0xFE] + Array(repeating: 0xFF, count: 7)  // int -2, two's complement, 8 bytes
    + [0, 0, 0, 0, 0, 0, 0xF8, 0x3F]  // double 1.5 = 0x3FF8_0000_0000_0000
    + [0, 0, 0x80, 0x3F, 0, 0, 0, 0]  // float 1 = 0x3F80_0000, widened to u64
    + [2] + zeros7 + [0xC3, 0xA9]  // string "é": u64 count, UTF-8
    + [0]  // optional: absent
    + [1] + zeros7 + [3] + zeros7  // ints [3]
    + [1]  // bool true

  @Test func writerLayoutIsPinned() {
    var w = CacheWriter()
    w.u8(7)
    w.int(-2)
    w.double(1.5)
    w.float(1)
    w.string("é")
    w.optional(Int?.none) { $0.int($1) }
    w.ints([3])
    w.bool(true)
    #expect(w.bytes == Self.expected)
  }

  @Test func readerReadsThePinnedLayout() throws {
    var r = CacheReader(Self.expected)
    #expect(try r.u8() == 7)
    #expect(try r.int() == -2)
    #expect(try r.double() == 1.5)
    #expect(try r.float() == 1)
    #expect(try r.string() == "é")
    #expect(try r.optional { r throws(CacheDecodingError) in try r.int() } == nil)
    #expect(try r.ints() == [3])
    #expect(try r.bool())
    #expect(r.isAtEnd)
    #expect(throws: CacheDecodingError.self) { try r.u8() }
  }
}
