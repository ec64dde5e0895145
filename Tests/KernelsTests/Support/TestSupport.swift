import TestSupport

/// Seeded random numbers for kernel tests: the one test generator (TestSupport's SplitMix64),
/// so every failure reproduces.
typealias TestRandom = SplitMix64
/// The integer-kernel tests' name for the same generator.
typealias IntegerTestRandom = SplitMix64

extension SplitMix64 {
  init(seed: UInt64) { self.init(state: seed) }

  /// A float uniform in [-1, 1).
  mutating func float() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }

  /// `count` floats uniform in [-1, 1).
  mutating func floats(_ count: Int) -> [Float] { (0..<count).map { _ in float() } }

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
