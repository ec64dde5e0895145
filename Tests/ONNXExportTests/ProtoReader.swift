/// A protocol-buffer reader for the tests only: an independent decoding of what
/// `ProtoWriter` wrote (varint, 32-bit, length-delimited fields), by field number.
struct ProtoReader {
  enum Field: Equatable {
    case varint(UInt64)
    case fixed32(UInt32)
    case bytes([UInt8])
  }

  /// The message's fields in order, or nil if the bytes are not a well-formed message.
  static func fields(_ bytes: [UInt8]) -> [(number: Int, value: Field)]? {
    var i = 0
    func varint() -> UInt64? {
      var result: UInt64 = 0
      var shift: UInt64 = 0
      while i < bytes.count, shift < 64 {
        let b = bytes[i]
        i += 1
        result |= UInt64(b & 0x7f) << shift
        if b < 0x80 { return result }
        shift += 7
      }
      return nil
    }
    var out: [(Int, Field)] = []
    while i < bytes.count {
      guard let key = varint() else { return nil }
      let number = Int(key >> 3)
      switch key & 7 {
      case 0:
        guard let v = varint() else { return nil }
        out.append((number, .varint(v)))
      case 5:
        guard i + 4 <= bytes.count else { return nil }
        let word = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[i + $1]) << (8 * UInt32($1)) }
        i += 4
        out.append((number, .fixed32(word)))
      case 2:
        guard let n = varint(), i + Int(n) <= bytes.count else { return nil }
        out.append((number, .bytes(Array(bytes[i..<(i + Int(n))]))))
        i += Int(n)
      default:
        return nil
      }
    }
    return out
  }

  /// The payloads of every length-delimited field `number`.
  static func messages(_ bytes: [UInt8], _ number: Int) -> [[UInt8]] {
    (fields(bytes) ?? []).compactMap {
      guard $0.number == number, case .bytes(let b) = $0.value else { return nil }
      return b
    }
  }

  /// The strings of field `number`.
  static func strings(_ bytes: [UInt8], _ number: Int) -> [String] {
    messages(bytes, number).map { String(decoding: $0, as: UTF8.self) }
  }

  /// The varints of field `number`.
  static func varints(_ bytes: [UInt8], _ number: Int) -> [UInt64] {
    (fields(bytes) ?? []).compactMap {
      guard $0.number == number, case .varint(let v) = $0.value else { return nil }
      return v
    }
  }
}
