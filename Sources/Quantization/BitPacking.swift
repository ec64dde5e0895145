/// Packing integer codes into real bytes, and back.
///
/// Layout (little-endian bit stream): code i occupies bits [i·b, (i+1)·b) of the stream,
/// and stream bit j is bit (j mod 8) of byte ⌊j / 8⌋. For b = 4 this is "two per byte,
/// element 2i in the low nibble, element 2i + 1 in the high nibble". Signed codes are
/// stored as b-bit two's complement and sign-extended on unpack; unsigned codes as plain
/// b-bit numbers. The last byte is zero-padded.
public enum BitPacking {
  /// Packs `codes` at `bits` (1...16) bits each.
  ///
  /// - Throws: when a code does not fit in `bits` bits (signed: [−2^(b−1), 2^(b−1) − 1],
  ///   unsigned: [0, 2^b − 1]).
  public static func pack(_ codes: [Int32], bits: Int, signed: Bool) throws -> [UInt8] {
    let range = try codeRange(bits: bits, signed: signed)
    var bytes = [UInt8](repeating: 0, count: packedCodeBytes(count: codes.count, bits: bits))
    let mask = UInt32((1 << bits) - 1)
    var bit = 0
    for (i, code) in codes.enumerated() {
      guard range.contains(code) else {
        throw QuantizationError(
          .invalidArgument, "bit packing: code \(code) at \(i) does not fit \(bits) bits (\(range))"
        )
      }
      var field = UInt32(bitPattern: code) & mask
      var remaining = bits
      while remaining > 0 {
        let offset = bit & 7
        let take = min(remaining, 8 - offset)
        bytes[bit >> 3] |= UInt8(truncatingIfNeeded: (field & ((1 << take) - 1)) << offset)
        field >>= take
        bit += take
        remaining -= take
      }
    }
    return bytes
  }

  /// Unpacks `count` codes of `bits` bits from `bytes` (the inverse of `pack`).
  public static func unpack(_ bytes: [UInt8], count: Int, bits: Int, signed: Bool) throws -> [Int32]
  {
    _ = try codeRange(bits: bits, signed: signed)
    guard count >= 0, bytes.count >= packedCodeBytes(count: count, bits: bits) else {
      throw QuantizationError(
        .shapeMismatch,
        "bit unpacking: \(bytes.count) bytes cannot hold \(count) codes of \(bits) bits")
    }
    var codes = [Int32](repeating: 0, count: count)
    var bit = 0
    for i in 0..<count {
      var field: UInt32 = 0
      var filled = 0
      while filled < bits {
        let offset = bit & 7
        let take = min(bits - filled, 8 - offset)
        let chunk = (UInt32(bytes[bit >> 3]) >> offset) & ((1 << take) - 1)
        field |= chunk << filled
        filled += take
        bit += take
      }
      if signed && field & (1 << (bits - 1)) != 0 {
        field |= ~UInt32((1 << bits) - 1)  // sign-extend
      }
      codes[i] = Int32(bitPattern: field)
    }
    return codes
  }

  /// Two signed 4-bit codes per byte: element 2i in the low nibble, 2i + 1 in the high one.
  /// Same bytes as `pack(codes, bits: 4, signed: true)`, written out for the kernels' layout.
  public static func packInt4(_ codes: [Int8]) throws -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: (codes.count + 1) / 2)
    for (i, code) in codes.enumerated() {
      guard (-8...7).contains(code) else {
        throw QuantizationError(
          .invalidArgument, "int4 packing: code \(code) at \(i) is outside [-8, 7]")
      }
      let nibble = UInt8(bitPattern: code) & 0x0F
      bytes[i / 2] |= i % 2 == 0 ? nibble : nibble << 4
    }
    return bytes
  }

  /// The inverse of `packInt4`: `count` sign-extended nibbles.
  public static func unpackInt4(_ bytes: [UInt8], count: Int) throws -> [Int8] {
    guard count >= 0, bytes.count * 2 >= count else {
      throw QuantizationError(
        .shapeMismatch, "int4 unpacking: \(bytes.count) bytes cannot hold \(count) codes")
    }
    return (0..<count).map { i in
      let nibble = i % 2 == 0 ? bytes[i / 2] & 0x0F : bytes[i / 2] >> 4
      return Int8(bitPattern: nibble << 4) >> 4  // move the sign bit to bit 7, then shift back
    }
  }

  /// The codes a `bits`-bit field holds.
  public static func codeRange(bits: Int, signed: Bool) throws -> ClosedRange<Int32> {
    guard (1...16).contains(bits) else {
      throw QuantizationError(.invalidArgument, "bit packing: bits must be in 1...16, got \(bits)")
    }
    return signed
      ? -(Int32(1) << (bits - 1))...((Int32(1) << (bits - 1)) - 1) : 0...((Int32(1) << bits) - 1)
  }
}

extension QuantizedWeights {
  /// The codes packed into bytes at `bits` bits each (see `BitPacking` for the layout).
  /// Codebook indices are unsigned; affine codes are signed.
  public func packedCodes() throws -> [UInt8] {
    switch method {
    case .binary:
      // One bit per weight: 1 for +α, 0 for −α.
      return try BitPacking.pack(codes.map { $0 > 0 ? 1 : 0 }, bits: 1, signed: false)
    default:
      return try BitPacking.pack(codes, bits: bits, signed: !method.usesCodebook)
    }
  }
}
