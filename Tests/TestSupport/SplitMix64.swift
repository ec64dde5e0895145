/// The tests' seeded generator: SplitMix64 (Steele, Lea, Flood 2014), the same sequence as
/// the engine's `SeededRandom`, so every random test input is reproducible from its seed.
/// (Test targets below the engine cannot import it; this is the one copy they share.)
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public var state: UInt64

  public init(state: UInt64) { self.state = state }

  /// The next 64 random bits: `state += 0x9E3779B97F4A7C15`, then the SplitMix64 mix.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// One of `items` (not empty), uniform up to modulo bias.
  public mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}
