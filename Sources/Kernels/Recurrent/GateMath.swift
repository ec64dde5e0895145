/// The gate nonlinearities of the recurrent kernels, eight lanes at a time, with scalar twins
/// that take exactly the same operations (no fused multiply-add: Swift does not contract
/// `a * b + c`), so the vector and scalar forms agree bit for bit.
///
/// `exp(x)` (Cephes' `expf` scheme): clamp `x` to `[-87.3, 88.3]`, `n = round(x log2 e)`,
/// `r = x - n ln2` (ln2 split in a high and a low part), a degree-5 polynomial for `exp(r)` on
/// `|r| <= ln2 / 2` (relative error below 2e-7), times `2^n` built in the exponent bits.
/// `sigmoid(x) = 1 / (1 + exp(-x))`; `tanh(x) = 2 sigmoid(2x) - 1` (absolute error < 3e-7).
enum GateMath {
  static let log2e: Float = 1.442_695_04
  static let ln2High: Float = 0.693_359_375
  static let ln2Low: Float = -2.121_944_4e-4
  static let p0: Float = 1.987_569_15e-4
  static let p1: Float = 1.398_199_950_7e-3
  static let p2: Float = 8.333_451_907_3e-3
  static let p3: Float = 4.166_579_589_4e-2
  static let p4: Float = 1.666_666_545_9e-1
  static let p5: Float = 5.000_000_120_1e-1

  /// `1.5 · 2^23`: adding it rounds a float below 2^22 in magnitude to an integer (to
  /// nearest, ties to even, as IEEE addition rounds), which then sits in the low mantissa bits.
  static let shifter: Float = 0x1.8p23

  /// The vector form uses only lane-wise arithmetic, comparisons and bit casts (no generic
  /// rounding or conversion, which Swift does not vectorize): the clamp by compare-and-select,
  /// `n = (x log2 e + shifter) - shifter` (equal to `rounded(.toNearestOrEven)` for
  /// `|x log2 e| < 2^22`), and `2^n` from the bits of `x log2 e + shifter`
  /// (`0x4B40_0000 + n`). Same values as the scalar form.
  @inline(__always)
  static func exp(_ v: SIMD8<Float>) -> SIMD8<Float> {
    let low = SIMD8<Float>(repeating: -87.3)
    let high = SIMD8<Float>(repeating: 88.3)
    var x = v.replacing(with: low, where: v .< low)
    x = x.replacing(with: high, where: x .> high)
    let shifted = x * log2e + shifter
    let n = shifted - shifter
    let r = (x - n * ln2High) - n * ln2Low
    let r2 = r * r
    var p = p0 * r + p1
    p = p * r + p2
    p = p * r + p3
    p = p * r + p4
    p = p * r + p5
    p = p * r2 + r + 1
    let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
    let bits = (integer &+ 127) &<< 23
    return p * unsafeBitCast(bits, to: SIMD8<Float>.self)
  }

  @inline(__always)
  static func exp(_ v: Float) -> Float {
    let x = min(max(v, -87.3), 88.3)
    let n = (x * log2e).rounded(.toNearestOrEven)
    let r = (x - n * ln2High) - n * ln2Low
    let r2 = r * r
    var p = p0 * r + p1
    p = p * r + p2
    p = p * r + p3
    p = p * r + p4
    p = p * r + p5
    p = p * r2 + r + 1
    let bits = UInt32(truncatingIfNeeded: (Int32(n) &+ 127) &<< 23)
    return p * Float(bitPattern: bits)
  }

  @inline(__always)
  static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> { 1 / (1 + exp(-x)) }
  @inline(__always)
  static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }
  @inline(__always)
  static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> { 2 * sigmoid(2 * x) - 1 }
  @inline(__always)
  static func tanh(_ x: Float) -> Float { 2 * sigmoid(2 * x) - 1 }
}
