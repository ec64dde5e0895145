/// Eight floats in one AVX register.
typealias Float8 = SIMD8<Float>

/// Loads eight floats from `p` (any alignment).
@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> Float8 {
  UnsafeRawPointer(p).loadUnaligned(as: Float8.self)
}

/// Stores eight floats at `p` (any alignment).
@inline(__always)
func store8(_ v: Float8, _ p: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: Float8.self)
}

/// Loads `n` scalars (`0...V.scalarCount`) from `p` into the low lanes, zero above: a ragged
/// block of channels taken as one vector.
@inline(__always)
func loadLanes<V: SIMD>(_ p: UnsafePointer<V.Scalar>, _ n: Int) -> V {
  if n == V.scalarCount { return UnsafeRawPointer(p).loadUnaligned(as: V.self) }
  var v = V()
  for i in 0..<n { v[i] = p[i] }
  return v
}

/// Stores the low `n` lanes of `v` at `p` (`0...V.scalarCount`).
@inline(__always)
func storeLanes<V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<V.Scalar>, _ n: Int) {
  if n == V.scalarCount {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    return
  }
  for i in 0..<n { p[i] = v[i] }
}

/// Calls `body(i, ch, n)` for each row `r` of a `rows x channels` row-major block and each
/// block of `width` channels from `ch` (`n = min(width, channels - ch)` of them), where
/// `i = r * channels + ch`: rows in order, so per-channel sums keep the plain loop's order.
@inline(__always)
func forEachChannelBlock(
  rows: Int, channels: Int, width: Int, _ body: (_ i: Int, _ ch: Int, _ n: Int) -> Void
) {
  for r in 0..<max(0, rows) {
    var ch = 0
    while ch < channels {
      body(r * channels + ch, ch, min(width, channels - ch))
      ch += width
    }
  }
}
