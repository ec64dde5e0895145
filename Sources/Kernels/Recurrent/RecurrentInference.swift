/// An embedding followed by a recurrent layer, packed once for inference (no tape, nothing
/// kept for a backward pass): `recurrentInferenceForward` runs a tile of token sequences.
///
/// - `table`: `[vocabulary, width]`, `table[v] = E[v]·W + b`, the input-side projection of
///   every token, computed with `sgemm` and then the bias added, exactly as the training
///   forward pass computes `x·W + b` for an embedded token (so each entry is bit-identical to
///   it: `sgemm`'s per-element arithmetic does not depend on the number of rows).
/// - `recurrent`: `U` (`[hidden, width]`) in `FloatWeightPanels`, which sum as `sgemm` does.
/// - `recurrentBias`: the GRU's `[width]` recurrent bias `c`; nil for the other cells.
///
/// `width = gates · hidden`; shapes and formulas as in `RecurrentCell`.
public final class RecurrentInferenceWeights: @unchecked Sendable {
  // @unchecked: every buffer is written by `init` only and read-only afterwards.
  public let cell: RecurrentCell
  public let steps: Int
  public let hidden: Int
  public let vocabulary: Int
  let table: UnsafeMutablePointer<Float>
  let recurrent: FloatWeightPanels
  let recurrentBias: UnsafeMutablePointer<Float>?

  /// From the embedding table `embedding` (`[vocabulary, inputWidth]`), the recurrent layer's
  /// packed `weights` (`[inputWidth + hidden, width]`: W then U) and `bias`
  /// (`RecurrentGeometry.biasCount`), for sequences of `steps` tokens.
  public init(
    cell: RecurrentCell, steps: Int, embedding: [Float], vocabulary: Int, inputWidth: Int,
    hidden: Int, weights: [Float], bias: [Float]
  ) {
    let g = RecurrentGeometry(
      cell: cell, batch: 1, steps: steps, inputWidth: inputWidth, hidden: hidden)
    precondition(vocabulary >= 1 && embedding.count == vocabulary * inputWidth)
    precondition(weights.count == g.weightCount && bias.count == g.biasCount)
    self.cell = cell
    self.steps = steps
    self.hidden = hidden
    self.vocabulary = vocabulary
    let width = g.width
    let projections = UnsafeMutablePointer<Float>.allocate(capacity: vocabulary * width)
    sgemm(
      .none, .none, m: vocabulary, n: width, k: inputWidth, a: embedding, lda: inputWidth,
      b: weights, ldb: width, c: projections, ldc: width, threads: 1)
    bias.withUnsafeBufferPointer { b in
      for v in 0..<vocabulary {
        addInPlace(b.baseAddress!, into: projections + v * width, count: width)
      }
    }
    table = projections
    recurrent = FloatWeightPanels(
      Array(weights[(inputWidth * width)...]), k: hidden, n: width)
    if cell == .gru {
      let c = UnsafeMutablePointer<Float>.allocate(capacity: width)
      bias.withUnsafeBufferPointer { c.initialize(from: $0.baseAddress! + width, count: width) }
      recurrentBias = c
    } else {
      recurrentBias = nil
    }
  }

  deinit {
    table.deallocate()
    recurrentBias?.deallocate()
  }

  /// Columns of the gate blocks: `gates · hidden`.
  public var width: Int { cell.gateCount * hidden }

  /// Floats of scratch `recurrentInferenceForward` needs for `count` sequences: the states
  /// (and LSTM cell states), `[count, hidden]` each, and one 6-row tile of `h·U`.
  public func scratchCount(count: Int) -> Int {
    (cell == .lstm ? 2 : 1) * count * hidden + GEMMTile.rows * recurrent.paddedColumns
  }
}

/// The last state of each of `n` token sequences (`tokens`: `[n, steps]` floats holding token
/// indices; a sequence ends at its first 0; out-of-vocabulary tokens read row 1) into `output`
/// (`[n, hidden]`; zeros for an empty sequence), one thread, `scratch` of
/// `w.scratchCount(count: n)` floats, nothing allocated on the heap.
///
/// The samples are sorted by length (longest first) so that the sequences still running are
/// the first rows; per step, each group of six running rows gets `h·U` from the packed panels
/// (a ragged group row by row) and then the fused gate math of `RecurrentGates` while the
/// group is in cache. Every value takes the arithmetic of `recurrentForward` (same sums, same
/// `GateMath` operations), so outputs are bit-identical to the training forward pass.
public func recurrentInferenceForward(
  _ w: RecurrentInferenceWeights, tokens: UnsafePointer<Float>, count n: Int,
  output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
) {
  guard n > 0 else { return }
  let (h, width, steps) = (w.hidden, w.width, w.steps)
  let states = scratch
  let cells: UnsafeMutablePointer<Float>? = w.cell == .lstm ? scratch + n * h : nil
  let u = scratch + (w.cell == .lstm ? 2 : 1) * n * h
  let ldu = w.recurrent.paddedColumns
  VectorLoops.zero(states, n * h)
  if let cells { VectorLoops.zero(cells, n * h) }
  withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * n) { buffer in
    let lengths = buffer.baseAddress!
    let order = lengths + n
    sequenceLengths(tokens: tokens, batch: n, steps: steps, into: lengths)
    let last = lengthOrder(lengths, count: n, steps: steps, into: order)
    var active = n
    for t in 0..<last {
      while active > 0 && Int(lengths[Int(order[active - 1])]) <= t { active -= 1 }
      var first = 0
      while first < active {
        let rows = min(GEMMTile.rows, active - first)
        let hRows = states + first * h
        if rows == GEMMTile.rows {
          w.recurrent.multiplyPanel(hRows, aRow: h, into: u, ldc: ldu)
        } else {
          for r in 0..<rows { w.recurrent.multiplyRow(hRows + r * h, into: u + r * ldu) }
        }
        for r in 0..<rows {
          let s = first + r
          let sample = Int(order[s])
          let token = embeddingRow(tokens[sample * steps + t], vocabulary: w.vocabulary)
          let ur = u + r * ldu
          if let c = w.recurrentBias { addInPlace(c, into: ur, count: width) }
          let state = states + s * h
          let cell = cells.map { $0 + s * h }
          RecurrentGates.row(
            w.cell, hidden: h, projection: w.table + token * width, recurrent: ur,
            state: state, next: state, cell: cell, nextCell: cell,
            gates: nil, candidate: nil)
        }
        first += rows
      }
    }
    for s in 0..<n { (output + Int(order[s]) * h).update(from: states + s * h, count: h) }
  }
}
