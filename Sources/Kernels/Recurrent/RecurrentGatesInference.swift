extension RecurrentGates {
  /// One running sequence's step at inference, in place: from its input-side projection
  /// `projection` (`x·W + b`, `[width]`) and `recurrent` (`h·U`, plus the GRU's recurrent bias,
  /// `[width]`), overwrites `state` (`[hidden]`, `h` → `h'`) and for the LSTM `cell` (`c` →
  /// `c'`). The same operations in the same order as `forwardStep` (formulas in
  /// `RecurrentCell`), eight units at a time, so the results are bit-identical to it.
  @inline(__always)
  static func inferenceRow(
    _ cellKind: RecurrentCell, hidden h: Int, projection a: UnsafePointer<Float>,
    recurrent u: UnsafePointer<Float>, state: UnsafeMutablePointer<Float>,
    cell: UnsafeMutablePointer<Float>?
  ) {
    var j = 0
    while j < h {
      let k = min(8, h - j)
      switch cellKind {
      case .simple:
        store(GateMath.tanh(load(a + j, k) + load(u + j, k)), state + j, k)
      case .gru:
        let z = GateMath.sigmoid(load(a + j, k) + load(u + j, k))
        let r = GateMath.sigmoid(load(a + h + j, k) + load(u + h + j, k))
        let c = GateMath.tanh(load(a + 2 * h + j, k) + r * load(u + 2 * h + j, k))
        store(z * load(state + j, k) + (1 - z) * c, state + j, k)
      case .lstm:
        let i = GateMath.sigmoid(load(a + j, k) + load(u + j, k))
        let f = GateMath.sigmoid(load(a + h + j, k) + load(u + h + j, k))
        let c = GateMath.tanh(load(a + 2 * h + j, k) + load(u + 2 * h + j, k))
        let o = GateMath.sigmoid(load(a + 3 * h + j, k) + load(u + 3 * h + j, k))
        let next = f * load(cell! + j, k) + i * c
        store(next, cell! + j, k)
        store(o * GateMath.tanh(next), state + j, k)
      }
      j += 8
    }
  }
}
