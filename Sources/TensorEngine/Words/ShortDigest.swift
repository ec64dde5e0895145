extension SHA256 {
  /// The digest of a short message (at most 119 bytes: one or two blocks) as four big-endian
  /// 64-bit words, computed without heap allocation. Comparing the tuples in order compares the
  /// hex digests as strings, so sorting by it sorts by `SHA256.hex`.
  static func shortDigest(_ message: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64, UInt64) {
    precondition(message.count <= 119, "shortDigest takes at most 119 bytes")
    var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
      0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    )
    let blocks = message.count <= 55 ? 1 : 2
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { padded in
      let bytes = padded.baseAddress!
      bytes.initialize(repeating: 0, count: 128)
      for i in 0..<message.count { bytes[i] = message[i] }
      bytes[message.count] = 0x80
      let bits = UInt64(message.count) * 8
      let end = blocks * 64
      for i in 0..<8 { bytes[end - 1 - i] = UInt8(truncatingIfNeeded: bits >> UInt64(8 * i)) }
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
        for block in 0..<blocks {
          compressBlock(&state, bytes + 64 * block, schedule.baseAddress!)
        }
      }
    }
    func pair(_ a: UInt32, _ b: UInt32) -> UInt64 { UInt64(a) << 32 | UInt64(b) }
    return (
      pair(state.0, state.1), pair(state.2, state.3), pair(state.4, state.5), pair(state.6, state.7)
    )
  }

  /// One round of the compression function on 64 bytes at `block` (FIPS 180-4, 6.2.2), with
  /// `w` as the 64-word message schedule.
  private static func compressBlock(
    _ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
    _ block: UnsafePointer<UInt8>, _ w: UnsafeMutablePointer<UInt32>
  ) {
    @inline(__always) func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
    for i in 0..<16 {
      let b = block + 4 * i
      w[i] = UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
    }
    for i in 16..<64 {
      let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
      let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
      w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
    }
    var (a, b, c, d, e, f, g, h) = state
    roundConstants.withUnsafeBufferPointer { k in
      for i in 0..<64 {
        let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        let choose = (e & f) ^ (~e & g)
        let t1 = h &+ s1 &+ choose &+ k[i] &+ w[i]
        let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
        let majority = (a & b) ^ (a & c) ^ (b & c)
        (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ s0 &+ majority)
      }
    }
    state = (
      state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f,
      state.6 &+ g, state.7 &+ h
    )
  }
}
