/// A writer of the protocol-buffer wire format, the subset ONNX files use.
///
/// Each field is a key `(field << 3) | wireType` as a varint, then its payload:
/// - wire type 0 (varint): `int32`, `int64`, enums; a negative value is written as its 64-bit
///   two's complement, ten bytes (the proto rule for `int32`/`int64`, not zig-zag);
/// - wire type 2 (length-delimited): strings (UTF-8), bytes, nested messages and packed
///   repeated scalars, each preceded by its byte count as a varint;
/// - wire type 5 (32-bit): `float`, little-endian IEEE 754.
///
/// Fields are written in the order called; a reader accepts any order. Nothing is omitted:
/// the caller decides which proto3 defaults to leave out.
public struct ProtoWriter: Sendable {
  /// The bytes written so far.
  public private(set) var bytes: [UInt8] = []

  /// The three wire types used here.
  enum WireType: UInt64 {
    case varint = 0
    case lengthDelimited = 2
    case fixed32 = 5
  }

  /// A base-128 varint: 7 bits per byte, least significant group first, high bit = more.
  public mutating func varint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  mutating func key(_ field: Int, _ type: WireType) {
    precondition(field >= 1 && field < 1 << 29, "protobuf field numbers are 1 ..< 2^29")
    varint(UInt64(field) << 3 | type.rawValue)
  }

  /// An `int64` (or `int32`, or enum) field.
  public mutating func int(_ field: Int, _ value: Int64) {
    key(field, .varint)
    varint(UInt64(bitPattern: value))
  }

  /// A `float` field.
  public mutating func float(_ field: Int, _ value: Float) {
    key(field, .fixed32)
    appendLittleEndian(value.bitPattern)
  }

  /// A `bytes` field.
  public mutating func bytes(_ field: Int, _ payload: [UInt8]) {
    key(field, .lengthDelimited)
    varint(UInt64(payload.count))
    bytes += payload
  }

  /// A `string` field (UTF-8).
  public mutating func string(_ field: Int, _ text: String) {
    bytes(field, Array(text.utf8))
  }

  /// An embedded message field: `body` writes the message's own fields.
  public mutating func message(_ field: Int, _ body: (inout ProtoWriter) -> Void) {
    var inner = ProtoWriter()
    body(&inner)
    bytes(field, inner.bytes)
  }

  /// A packed `repeated int64` field (one length-delimited field of varints).
  public mutating func packedInts(_ field: Int, _ values: [Int64]) {
    var inner = ProtoWriter()
    for v in values { inner.varint(UInt64(bitPattern: v)) }
    bytes(field, inner.bytes)
  }

  mutating func appendLittleEndian(_ word: UInt32) {
    for shift in stride(from: 0, to: 32, by: 8) {
      bytes.append(UInt8(truncatingIfNeeded: word >> shift))
    }
  }
}
