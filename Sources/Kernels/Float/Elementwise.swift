/// Vectorised elementwise and row-reduction loops for layers, each beside its plain reference.
///
/// None of these reorders a sum: every output element takes exactly the operations of its
/// reference twin in the same order, so fast and reference results are bit-identical.

/// Adds a bias to every row: `x[r * columns + j] += bias[j]` for `r < rows`, `j < columns`.
public func addRowBias(
  _ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>
) {
  for r in 0..<max(0, rows) {
    VectorLoops.add(bias, x + r * columns, columns)
  }
}

/// Reference twin of `addRowBias`.
public func addRowBiasReference(
  _ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>
) {
  for r in 0..<max(0, rows) {
    for j in 0..<columns { x[r * columns + j] += bias[j] }
  }
}

/// Sums the rows of a `rows x columns` matrix: `out[j] = sum_r x[r * columns + j]`, summed over
/// `r` in order starting from 0 (the bias gradient of a dense or conv layer).
public func sumRows(
  _ x: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>
) {
  VectorLoops.zero(out, columns)
  for r in 0..<max(0, rows) {
    VectorLoops.add(x + r * columns, out, columns)
  }
}

/// Reference twin of `sumRows`.
public func sumRowsReference(
  _ x: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>
) {
  for j in 0..<columns {
    var sum: Float = 0
    for r in 0..<max(0, rows) { sum += x[r * columns + j] }
    out[j] = sum
  }
}

/// Rectified linear unit: `y[i] = x[i] > 0 ? x[i] : 0` (NaN maps to 0). `y` may be `x`.
public func reluForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
  let zero = Float8()
  var i = 0
  while i + 8 <= count {
    let v = load8(x + i)
    store8(zero.replacing(with: v, where: v .> zero), y + i)
    i += 8
  }
  while i < count {
    y[i] = x[i] > 0 ? x[i] : 0
    i += 1
  }
}

/// Reference twin of `reluForward`.
public func reluForwardReference(
  _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int
) {
  for i in 0..<max(0, count) { y[i] = x[i] > 0 ? x[i] : 0 }
}

/// Gradient of the ReLU: `dx[i] = y[i] > 0 ? dy[i] : 0`, where `y` is the forward output (or
/// input: both are positive at the same places). `dx` may be `dy`.
public func reluBackward(
  output y: UnsafePointer<Float>, gradOutput dy: UnsafePointer<Float>,
  gradInput dx: UnsafeMutablePointer<Float>, count: Int
) {
  let zero = Float8()
  var i = 0
  while i + 8 <= count {
    store8(zero.replacing(with: load8(dy + i), where: load8(y + i) .> zero), dx + i)
    i += 8
  }
  while i < count {
    dx[i] = y[i] > 0 ? dy[i] : 0
    i += 1
  }
}

/// Reference twin of `reluBackward`.
public func reluBackwardReference(
  output y: UnsafePointer<Float>, gradOutput dy: UnsafePointer<Float>,
  gradInput dx: UnsafeMutablePointer<Float>, count: Int
) {
  for i in 0..<max(0, count) { dx[i] = y[i] > 0 ? dy[i] : 0 }
}

/// `y[i] += alpha * x[i]` (BLAS axpy; a product then a sum, two roundings, no FMA).
public func axpy(
  count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
) {
  let a = Float8(repeating: alpha)
  var i = 0
  while i + 8 <= count {
    let product = a * load8(x + i)
    store8(load8(y + i) + product, y + i)
    i += 8
  }
  while i < count {
    let product = alpha * x[i]
    y[i] += product
    i += 1
  }
}

/// Reference twin of `axpy`.
public func axpyReference(
  count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
) {
  for i in 0..<max(0, count) {
    let product = alpha * x[i]
    y[i] = y[i] + product
  }
}
