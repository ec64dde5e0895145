/// The pooled epilogue the fused convolutions share (`shallowConvForward`,
/// `winogradOutputPooled`): the maximum of a 2 x 2 window's four vectors, then bias and
/// activation, stored for a ragged block of filters.

/// The lane-wise maximum of four vectors in `maxPoolForward`'s order: a later value replaces
/// the best only when greater.
@inline(__always)
func poolMax4(_ a: Float8, _ b: Float8, _ c: Float8, _ d: Float8) -> Float8 {
  var best = a
  best.replace(with: b, where: b .> best)
  best.replace(with: c, where: c .> best)
  best.replace(with: d, where: d .> best)
  return best
}

/// `act(best + bias)` (ReLU or linear) into the first `lanes` floats at `output`.
@inline(__always)
func pooledStore(
  _ best: Float8, _ bias: UnsafePointer<Float>, relu: Bool,
  _ output: UnsafeMutablePointer<Float>, _ lanes: Int
) {
  var v = best + loadLanes(bias, lanes)
  if relu { v.replace(with: Float8(), where: v .< Float8()) }
  storeLanes(v, output, lanes)
}
