/// A tiny seeded generator (SplitMix64) so the integer-kernel tests are reproducible.
struct IntegerTestRandom {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform value in `range`.
  mutating func int(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
  }

  /// `count` int8 values in `range`; every 7th is forced to an end of the range.
  mutating func int8s(_ count: Int, in range: ClosedRange<Int> = -128...127) -> [Int8] {
    (0..<count).map { i in
      if i % 7 == 3 { return Int8(i % 2 == 0 ? range.lowerBound : range.upperBound) }
      return Int8(int(in: range))
    }
  }
}
