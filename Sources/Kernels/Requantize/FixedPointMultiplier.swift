// Fixed-point arithmetic of the requantization output stage (gemmlowp's
// fixedpoint.h / output_stages.h, written from its documented semantics).
//
// A real multiplier M = s_in * s_w / s_out is stored as an int32 Q31 `multiplier` in
// [2^30, 2^31 - 1] and a `shift`: M ~ multiplier / 2^31 / 2^shift. Applying it to an int32 x
// is two integer roundings to nearest, with gemmlowp's tie rules (bit-exact with TFLite):
//   y = SaturatingRoundingDoublingHighMul(x, multiplier)   // x * multiplier / 2^31, ties up
//   z = RoundingDivideByPOT(y, shift)                      // y / 2^shift, ties away from 0
// The first breaks ties toward +infinity (its negative nudge is 1 - 2^30, as ARM's vqrdmulh),
// not away from zero: -0.5 becomes 0. The result is within 1 of round(x * M).

/// The rounding rule of requantization, by name, for reports.
public let requantizationRoundingRule =
  "gemmlowp fixed point: SaturatingRoundingDoublingHighMul (nearest, ties toward +infinity) "
  + "then RoundingDivideByPOT (nearest, ties away from zero)"

/// Splits a real multiplier into a Q31 multiplier and a right shift:
/// `real ~ multiplier * 2^-31 * 2^-shift`.
///
/// - `real` must be finite and in [0, 2^31). `0` gives `(0, 0)`.
/// - For `real` in [2^-31, 2^31): `multiplier` is in [2^30, 2^31 - 1] and `shift` in
///   [-31, 31]; a negative shift is a left shift (for `real >= 1`). The relative error is at
///   most 2^-31.
/// - Below 2^-31 the shift stays 31 and the multiplier shrinks (`round(real * 2^62)`, maybe 0).
/// `multiplier` is `round(real * 2^(31 + shift))`, rounded half away from zero; when that
/// rounds up to 2^31 it becomes 2^30 with `shift - 1`.
public func quantizeMultiplier(_ real: Double) throws(IntegerKernelError) -> (
  multiplier: Int32, shift: Int
) {
  try require(
    real.isFinite && real >= 0 && real < 0x1p31, "quantizeMultiplier",
    "real multiplier \(real) must be finite and in [0, 2^31); check the scales it came from")
  if real == 0 { return (0, 0) }
  // real = fraction * 2^exponent with fraction in [0.5, 1).
  var exponent = Int(real.exponent) + 1
  let fraction = real.significand / 2
  var q = (fraction * 0x1p31).rounded(.toNearestOrAwayFromZero)  // exact scaling, then round
  if q == 0x1p31 {
    q = 0x1p30
    exponent += 1
  }
  var shift = -exponent
  if shift > 31 {
    shift = 31
    q = (real * 0x1p62).rounded(.toNearestOrAwayFromZero)
  }
  try require(shift >= -31, "quantizeMultiplier", "real multiplier \(real) rounds up to 2^31")
  return (Int32(q), shift)
}

/// `floor(a * b / 2^31 + 1/2)`: the rounded high 32 bits of the doubled product, ties toward
/// +infinity (gemmlowp's nudge `1 - 2^30` for negative products), saturated. The only
/// overflow, `a == b == Int32.min` (the result would be 2^31), gives `Int32.max`.
@inline(__always)
public func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
  if a == .min && b == .min { return .max }
  let product = Int64(a) * Int64(b)
  let nudge: Int64 = product >= 0 ? 1 << 30 : 1 - (1 << 30)
  return Int32((product + nudge) / (1 << 31))  // Swift `/` truncates toward zero
}

/// `round(x / 2^exponent)`, half away from zero, for `exponent` in 0...31.
@inline(__always)
public func roundingDivideByPOT(_ x: Int32, exponent: Int) -> Int32 {
  let mask = Int32(truncatingIfNeeded: (Int64(1) << exponent) - 1)
  let remainder = x & mask
  let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
  return (x >> Int32(exponent)) + (remainder > threshold ? 1 : 0)
}

/// `x * 2^left`, saturated to the int32 range (the left shift used for multipliers >= 1).
@inline(__always)
func saturatingLeftShift(_ x: Int32, _ left: Int) -> Int32 {
  let wide = Int64(x) << left
  return Int32(clamping: wide)
}

/// Applies a quantized multiplier to one int32: a saturating left shift when `shift < 0`,
/// then `SaturatingRoundingDoublingHighMul`, then `RoundingDivideByPOT` when `shift > 0`.
@inline(__always)
public func multiplyByQuantizedMultiplier(_ x: Int32, multiplier: Int32, shift: Int) -> Int32 {
  let shifted = shift < 0 ? saturatingLeftShift(x, -shift) : x
  let high = saturatingRoundingDoublingHighMul(shifted, multiplier)
  return shift > 0 ? roundingDivideByPOT(high, exponent: shift) : high
}
