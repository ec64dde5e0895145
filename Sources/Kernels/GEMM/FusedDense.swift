/// Inference dense layer: product with pre-packed weights, then bias and activation on each
/// 6-row tile while it is in L1 (plain twin: `fusedDenseForwardReference`).
public enum FusedDense {
  /// Floats of scratch one thread needs for `fusedDenseForward` with these sizes.
  public static func scratchCount(k: Int, units: Int) -> Int {
    let padded = (units + GEMMTile.columns - 1) / GEMMTile.columns * GEMMTile.columns
    return GEMMTile.rows * (k + padded)
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
  let spare = scratch
  let tile = scratch + GEMMTile.rows * k
  var i = 0
  while i < rows {
    let count = min(GEMMTile.rows, rows - i)
    var a = input + i * k
    if count < GEMMTile.rows {
      // A ragged last panel: copy it and fill the missing rows with zeros.
      spare.update(from: a, count: count * k)
      VectorLoops.zero(spare + count * k, (GEMMTile.rows - count) * k)
      a = UnsafePointer(spare)
    }
    weights.multiplyPanel(a, aRow: k, into: tile, ldc: ldc)
    let out = output + i * units
    for r in 0..<count { (out + r * units).update(from: tile + r * ldc, count: units) }
    biasActivationForward(out, rows: count, columns: units, bias: bias, activation: activation)
    i += count
  }
}
