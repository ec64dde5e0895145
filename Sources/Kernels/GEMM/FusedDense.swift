/// Inference dense layer: product with pre-packed weights, then bias and activation on each
/// 6-row tile while it is in L1 (plain twin: `fusedDenseForwardReference`).
public enum FusedDense {
  /// Floats of scratch one thread needs for `fusedDenseForward` with these sizes.
  public static func scratchCount(k: Int, units: Int) -> Int {
    let padded = (units + GEMMTile.columns - 1) / GEMMTile.columns * GEMMTile.columns
    return GEMMTile.rows * padded
  }

  /// 16-column panels of a layer of `units` outputs (the unit of `fusedDenseForward`'s
  /// `panels`).
  public static func panelCount(units: Int) -> Int {
    (units + GEMMTile.columns - 1) / GEMMTile.columns
  }
}

/// `output = act(input W + bias)` for one thread: `input` is `rows x weights.k`, `output`
/// `rows x weights.n`, `bias` `weights.n` values; softmax over each row. `scratch` holds
/// `FusedDense.scratchCount(k:units:)` floats. Bit-identical to `sgemm` then
/// `biasActivationForward` (each sum takes `sgemm`'s arithmetic, see `FloatWeightPanels`).
///
/// `panels` (default all; not with softmax, which needs whole rows) limits the call to the
/// output columns of those 16-column panels (`FusedDense.panelCount`), so that threads can
/// share the columns of a small batch; each column is computed as the whole call computes it.
public func fusedDenseForward(
  input: UnsafePointer<Float>, rows: Int, weights: FloatWeightPanels,
  bias: UnsafePointer<Float>, activation: ActivationFunction,
  output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
  panels: Range<Int>? = nil
) {
  let k = weights.k
  let units = weights.n
  let ldc = weights.paddedColumns
  let tile = scratch
  let width = GEMMTile.columns
  let panels = panels ?? 0..<(ldc / width)
  precondition(
    panels == 0..<(ldc / width) || (activation != .softmax && panels.upperBound <= ldc / width),
    "dense: a column range needs an element-wise activation and whole panels")
  let c0 = panels.lowerBound * width
  let columns = min(units, panels.upperBound * width) - c0
  guard columns > 0 else { return }
  var i = 0
  while i < rows {
    let count = min(GEMMTile.rows, rows - i)
    let a = input + i * k
    if count == GEMMTile.rows {
      weights.multiplyPanel(a, aRow: k, into: tile, ldc: ldc, panels: panels)
    } else {
      // A ragged last panel (a batch of 1, say): row by row, no padding rows computed.
      for r in 0..<count {
        weights.multiplyRow(a + r * k, into: tile + r * ldc, panels: panels)
      }
    }
    let out = output + i * units + c0
    for r in 0..<count {
      (out + r * units).update(from: tile + r * ldc + c0, count: columns)
      biasActivationForward(
        out + r * units, rows: 1, columns: columns, bias: bias + c0, activation: activation)
    }
    i += count
  }
}
