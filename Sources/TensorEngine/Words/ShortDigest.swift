extension SHA256 {
  /// The digest of a short message (at most 119 bytes: one or two blocks) as four big-endian
  /// 64-bit words, computed without heap allocation. Comparing the tuples in order compares the
  /// hex digests as strings, so sorting by it sorts by `SHA256.hex`.
  static func shortDigest(_ message: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64, UInt64) {
    precondition(message.count <= 119, "shortDigest takes at most 119 bytes")
    var state = initialState
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
}
