import Testing

@testable import ONNXExport

/// The wire format, byte for byte, on the examples of the protobuf encoding guide and on
/// the edge cases ONNX files meet (negative int64, empty and long payloads, floats).
@Suite struct ProtoWriterTests {
  @Test func varintsOfTheEncodingGuide() {
    var w = ProtoWriter()
    w.int(1, 150)
    #expect(w.bytes == [0x08, 0x96, 0x01])
    var one = ProtoWriter()
    one.varint(1)
    one.varint(127)
    one.varint(128)
    one.varint(300)
    #expect(one.bytes == [0x01, 0x7f, 0x80, 0x01, 0xac, 0x02])
  }

  @Test func stringsAndNestedMessages() {
    var w = ProtoWriter()
    w.string(2, "testing")
    #expect(w.bytes == [0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67])
    var outer = ProtoWriter()
    outer.message(3) { $0.int(1, 150) }
    #expect(outer.bytes == [0x1a, 0x03, 0x08, 0x96, 0x01])
    var empty = ProtoWriter()
    empty.bytes(1, [])
    #expect(empty.bytes == [0x0a, 0x00])
  }

  @Test func negativeIntegersTakeTenBytes() {
    var w = ProtoWriter()
    w.int(1, -1)
    #expect(w.bytes == [0x08] + [UInt8](repeating: 0xff, count: 9) + [0x01])
    #expect(ProtoReader.varints(w.bytes, 1) == [UInt64.max])
  }

  @Test func floatsAreLittleEndianFixed32() {
    var w = ProtoWriter()
    w.float(2, 1.0)
    #expect(w.bytes == [0x15, 0x00, 0x00, 0x80, 0x3f])
  }

  @Test func longPayloadLengthIsAVarint() {
    var w = ProtoWriter()
    w.bytes(9, [UInt8](repeating: 7, count: 300))
    #expect(Array(w.bytes.prefix(3)) == [0x4a, 0xac, 0x02])
    #expect(w.bytes.count == 303)
    #expect(ProtoReader.messages(w.bytes, 9) == [[UInt8](repeating: 7, count: 300)])
  }

  @Test func packedIntsRoundTrip() {
    var w = ProtoWriter()
    let values: [Int64] = [0, 1, 127, 128, 1 << 40, -5]
    w.packedInts(1, values)
    let payload = ProtoReader.messages(w.bytes, 1)[0]
    var reader: [UInt64] = []
    var i = 0
    while i < payload.count {
      var v: UInt64 = 0
      var shift: UInt64 = 0
      while true {
        let b = payload[i]
        i += 1
        v |= UInt64(b & 0x7f) << shift
        if b < 0x80 { break }
        shift += 7
      }
      reader.append(v)
    }
    #expect(reader.map { Int64(bitPattern: $0) } == values)
  }
}
