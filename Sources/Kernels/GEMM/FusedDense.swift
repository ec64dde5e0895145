/// Inference dense layer: product with pre-packed weights, then bias and activation on each
/// 6-row tile while it is in L1 (plain twin: `fusedDenseForwardReference`).
public enum FusedDense {
  /// Floats of scratch one thread needs for `fusedDenseForward` with these sizes.
  public static func scratchCount(k: Int, units: Int) -> Int {
    let padded = (units + GEMMTile.columns - 1) / GEMMTile.columns * GEMMTile.columns
    return GEMMTile.rows * padded
  }
}

/// `output = act(input W + bias)` for one thread: `input` is `rows x weights.k`, `output`
/// `rows x weights.n`, `bias` `weights.n` values; softmax over each row. `scratch` holds
/// `FusedDense.scratchCount(k:units:)` floats. Bit-identical to `sgemm` then
/// `biasActivationForward` (each sum takes `sgemm`'s arithmetic, see `FloatWeightPanels`).
public func fusedDenseForward(
  input: UnsafePointer<Float>, rows: Int, weights: FloatWeightPanels,
  bias: UnsafePointer<Float>, activation: ActivationFunction,
  output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
) {
  let k = weights.k
  let units = weights.n
  let ldc = weights.paddedColumns
  let tile = scratch
  var i = 0
  while i < rows {
    let count = min(GEMMTile.rows, rows - i)
    let a = input + i * k
    if count == GEMMTile.rows {
      weights.multiplyPanel(a, aRow: k, into: tile, ldc: ldc)
    } else {
      // A ragged last panel (a batch of 1, say): row by row, no padding rows computed.
      for r in 0..<count { weights.multiplyRow(a + r * k, into: tile + r * ldc) }
    }
    let out = output + i * units
    for r in 0..<count { (out + r * units).update(from: tile + r * ldc, count: units) }
    biasActivationForward(out, rows: count, columns: units, bias: bias, activation: activation)
    i += count
  }
}
