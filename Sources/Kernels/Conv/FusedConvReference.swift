/// The plain reference twin of `fusedConvForward`: the unfused chain, one element at a time.

/// `output = pool(act(conv(input, W) + bias))` through `im2colReference`, `sgemmReference`,
/// `biasActivationForwardReference` and `maxPoolForwardReference` (pool window `pool x pool`,
/// stride `pool`, valid; none when `pool <= 1`). Shapes as in `fusedConvForward`, with
/// `weights` the plain `g.patchSize x filters` row-major matrix.
public func fusedConvForwardReference(
  _ g: ConvGeometry, input: UnsafePointer<Float>, weights: UnsafePointer<Float>, filters: Int,
  bias: UnsafePointer<Float>, activation: ActivationFunction, pool: Int,
  output: UnsafeMutablePointer<Float>
) {
  var columns = [Float](repeating: 0, count: g.patchCount * g.patchSize)
  im2colReference(g, input: input, columns: &columns)
  var map = [Float](repeating: 0, count: g.patchCount * filters)
  sgemmReference(
    .none, .none, m: g.patchCount, n: filters, k: g.patchSize, a: columns, lda: g.patchSize,
    b: weights, ldb: filters, c: &map, ldc: filters)
  biasActivationForwardReference(
    &map, rows: g.patchCount, columns: filters, bias: bias, activation: activation)
  guard pool > 1 else {
    output.update(from: map, count: map.count)
    return
  }
  let window = ConvGeometry(
    batch: g.batch, height: g.outHeight, width: g.outWidth, channels: filters,
    kernelHeight: pool, kernelWidth: pool, strideY: pool, strideX: pool)
  var argmax = [Int32](repeating: 0, count: window.patchCount * filters)
  maxPoolForwardReference(window, input: map, output: output, argmax: &argmax)
}

/// The plain reference twin of `fusedDenseForward`: `sgemmReference` then
/// `biasActivationForwardReference`. `weights` is the plain `k x units` row-major matrix.
public func fusedDenseForwardReference(
  input: UnsafePointer<Float>, rows: Int, k: Int, weights: UnsafePointer<Float>, units: Int,
  bias: UnsafePointer<Float>, activation: ActivationFunction, output: UnsafeMutablePointer<Float>
) {
  sgemmReference(
    .none, .none, m: rows, n: units, k: k, a: input, lda: k, b: weights, ldb: units, c: output,
    ldc: units)
  biasActivationForwardReference(
    output, rows: rows, columns: units, bias: bias, activation: activation)
}
