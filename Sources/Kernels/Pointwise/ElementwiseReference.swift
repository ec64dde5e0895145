/// The plain reference twins of the elementwise kernels, one element at a time.

/// Reference twin of `addInPlace`.
public func addInPlaceReference(
  _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int
) {
  for i in 0..<max(0, count) { y[i] += x[i] }
}

/// Reference twin of `multiply` (and of `multiplyInPlace` with `out == x`).
public func multiplyReference(
  _ x: UnsafePointer<Float>, _ m: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
  count: Int
) {
  for i in 0..<max(0, count) { out[i] = x[i] * m[i] }
}

/// Reference twin of `sumRows`.
public func sumRowsReference(
  _ x: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>,
  accumulate: Bool
) {
  for j in 0..<columns {
    var sum: Float = accumulate ? out[j] : 0
    for r in 0..<max(0, rows) { sum += x[r * columns + j] }
    out[j] = sum
  }
}

/// Reference twin of `clipMask`.
public func clipMaskReference(
  _ x: UnsafePointer<Float>, lower: Float, upper: Float, into mask: UnsafeMutablePointer<Float>,
  count: Int
) {
  for i in 0..<max(0, count) { mask[i] = lower <= x[i] && x[i] <= upper ? 1 : 0 }
}
