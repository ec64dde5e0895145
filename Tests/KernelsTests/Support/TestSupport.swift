/// Seeded random numbers for kernel tests (SplitMix64), so every failure reproduces.
struct TestRandom {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A float uniform in [-1, 1).
  mutating func float() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }

  /// `count` floats uniform in [-1, 1).
  mutating func floats(_ count: Int) -> [Float] { (0..<count).map { _ in float() } }
}

/// Float's unit roundoff (half an ulp of 1).
let unitRoundoff = Double(Float.ulpOfOne) / 2

/// The bound for a sum of `terms` products in Float with a different summation order than the
/// reference: each side's error is at most `terms * u * sum |x y|` (Higham's gamma_n), so the
/// two differ by at most twice that; a margin of 2 covers the final alpha/beta rounding.
func summationTolerance(terms: Int) -> Double { 4 * Double(terms + 2) * unitRoundoff }

/// Bit-for-bit equality of two float arrays (NaN payloads included).
func bitIdentical(_ x: [Float], _ y: [Float]) -> Bool {
  x.count == y.count && zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern }
}
