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

/// `out[i] = table[Int(bytes[i])]` for `i < count`: bytes mapped through a 256-entry table
/// (a model's input encoding of pixels).
public func lookUp(
  _ bytes: UnsafePointer<UInt8>, table: UnsafePointer<Float>,
  into out: UnsafeMutablePointer<Float>, count: Int
) {
  for i in 0..<max(0, count) { out[i] = table[Int(bytes[i])] }
}
