/// Elementwise sums and products and the row sum of a matrix, eight at a time; plain twins in
/// ElementwiseReference.swift.
///
/// None of these reorders a sum: every output element takes exactly the operations of its
/// reference twin in the same order, so fast and reference results are bit-identical.

/// `y[i] += x[i]` for `i < count`.
public func addInPlace(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
  VectorLoops.add(x, y, count)
}

/// `x[i] *= m[i]` for `i < count` (an STE or dropout mask applied in place).
public func multiplyInPlace(
  _ x: UnsafeMutablePointer<Float>, by m: UnsafePointer<Float>, count: Int
) {
  multiply(UnsafePointer(x), m, into: x, count: count)
}

/// `out[i] = x[i] * m[i]` for `i < count`; `out` may be `x`.
public func multiply(
  _ x: UnsafePointer<Float>, _ m: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
  count: Int
) {
  var i = 0
  while i + 8 <= count {
    store8(load8(x + i) * load8(m + i), out + i)
    i += 8
  }
  while i < count {
    out[i] = x[i] * m[i]
    i += 1
  }
}

/// The column sums of a `rows x columns` row-major matrix (the bias gradient of a dense or
/// conv layer): `out[j] = sum_r x[r, j]`, or `out[j] += ...` row by row when `accumulate`
/// (each row added to `out` in turn, rows in order from 0).
public func sumRows(
  _ x: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>,
  accumulate: Bool
) {
  if !accumulate { VectorLoops.zero(out, columns) }
  for r in 0..<max(0, rows) {
    VectorLoops.add(x + r * columns, out, columns)
  }
}

/// `mask[i] = lower <= x[i] && x[i] <= upper ? 1 : 0` for `i < count` (NaN gives 0): where a
/// clipping quantizer passes its gradient straight through.
public func clipMask(
  _ x: UnsafePointer<Float>, lower: Float, upper: Float, into mask: UnsafeMutablePointer<Float>,
  count: Int
) {
  let (low, high, one) = (Float8(repeating: lower), Float8(repeating: upper), Float8(repeating: 1))
  var i = 0
  while i + 8 <= count {
    let v = load8(x + i)
    store8(Float8().replacing(with: one, where: (low .<= v) .& (v .<= high)), mask + i)
    i += 8
  }
  while i < count {
    mask[i] = lower <= x[i] && x[i] <= upper ? 1 : 0
    i += 1
  }
}

/// `out[i] = table[Int(bytes[i])]` for `i < count`: bytes mapped through a 256-entry table
/// (a model's input encoding of pixels).
public func lookUp(
  _ bytes: UnsafePointer<UInt8>, table: UnsafePointer<Float>,
  into out: UnsafeMutablePointer<Float>, count: Int
) {
  for i in 0..<max(0, count) { out[i] = table[Int(bytes[i])] }
}
