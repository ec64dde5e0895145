import Foundation

/// SplitMix64: a tiny seeded generator, deterministic across platforms and runs.
///
/// Used by stochastic rounding and k-means++ so that a seed fully fixes a result.
/// Reference: Steele, Lea, Flood, "Fast splittable pseudorandom number generators" (2014).
public struct QuantizationRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) {
    state = seed
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform `Double` in [0, 1) with 53 random bits.
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A standard normal sample (Box-Muller), for tests and synthetic weights.
  public mutating func nextGaussian() -> Double {
    let u1 = 1.0 - nextUnit()  // in (0, 1]: log is finite
    let u2 = nextUnit()
    return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
  }
}
