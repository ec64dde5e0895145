/// Fake quantization on a linear grid, in place, eight at a time; the plain twin is
/// `fakeQuantizeReference`.
///
/// `q = min(max(round(x * (1 / scale)) + zeroPoint, codes.lower), codes.upper)` (round half
/// away from zero; `max`/`min` as Swift's, so NaN stays NaN), then `x = scale * (q - zeroPoint)`.
/// Multiplying by the reciprocal keeps divisions out of the loop; it can differ from dividing
/// by one ulp before rounding. Every element takes the reference's operations, so the two agree
/// bit for bit.
public func fakeQuantize(
  _ x: UnsafeMutablePointer<Float>, count: Int, scale: Float, zeroPoint: Float,
  codes: ClosedRange<Float>
) {
  let inverse = 1 / scale
  let (low, high) = (Float8(repeating: codes.lowerBound), Float8(repeating: codes.upperBound))
  var i = 0
  while i + 8 <= count {
    var q = (load8(x + i) * inverse).rounded(.toNearestOrAwayFromZero) + zeroPoint
    q.replace(with: low, where: low .>= q)  // Swift.max(q, low)
    q.replace(with: high, where: high .< q)  // Swift.min(q, high)
    store8(scale * (q - zeroPoint), x + i)
    i += 8
  }
  fakeQuantizeReference(x + i, count: count - i, scale: scale, zeroPoint: zeroPoint, codes: codes)
}

/// Reference twin of `fakeQuantize`: one element at a time.
public func fakeQuantizeReference(
  _ x: UnsafeMutablePointer<Float>, count: Int, scale: Float, zeroPoint: Float,
  codes: ClosedRange<Float>
) {
  let inverse = 1 / scale
  for i in 0..<max(0, count) {
    let r = (x[i] * inverse).rounded(.toNearestOrAwayFromZero) + zeroPoint
    let q = min(max(r, codes.lowerBound), codes.upperBound)
    x[i] = scale * (q - zeroPoint)
  }
}
