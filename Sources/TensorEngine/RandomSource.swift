import Foundation

/// A seeded, deterministic random source: SplitMix64 (Steele, Lea, Flood 2014).
///
/// All randomness in the engine (initialisation, shuffling, dropout, synthetic data; in
/// Quantization, stochastic rounding and k-means++) comes from one of these, built from an
/// explicit seed, so a run is reproducible bit for bit.
public struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform Float in `[0, 1)` from the top 24 bits.
  public mutating func uniform() -> Float {
    Float(next() >> 40) * (1.0 / 16_777_216.0)
  }

  /// A uniform `Double` in `[0, 1)` with 53 random bits: `(next() >> 11) · 2^-53`.
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A standard normal `Double` (Box-Muller): `sqrt(-2 ln u1) · cos(2 pi u2)` with
  /// `u1 = 1 - nextUnit()` in `(0, 1]` (so the log is finite) and `u2 = nextUnit()`.
  public mutating func nextGaussian() -> Double {
    let u1 = 1.0 - nextUnit()
    let u2 = nextUnit()
    return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
  }

  /// A uniform Float in `[low, high)`.
  public mutating func uniform(_ low: Float, _ high: Float) -> Float {
    low + (high - low) * uniform()
  }

  /// A standard normal sample (mean 0, deviation 1) by the Box-Muller transform,
  /// `sqrt(-2 ln u1) * cos(2 pi u2)` computed in Double with `u1` in `(0, 1]`.
  public mutating func normal() -> Float {
    let u1 = (Double(next() >> 11) + 1) * (1.0 / 9_007_199_254_740_992.0)
    let u2 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
  }

  /// An integer uniform in `0..<bound` (bound > 0), by rejection so there is no modulo bias.
  public mutating func index(below bound: Int) -> Int {
    precondition(bound > 0)
    let b = UInt64(bound)
    let limit = UInt64.max - UInt64.max % b
    while true {
      let r = next()
      if r < limit { return Int(r % b) }
    }
  }

  /// Shuffles `values` in place (Fisher-Yates, from the end).
  public mutating func shuffle<T>(_ values: inout [T]) {
    guard values.count > 1 else { return }
    for i in stride(from: values.count - 1, to: 0, by: -1) {
      values.swapAt(i, index(below: i + 1))
    }
  }
}
