/// The shapes of one recurrent layer run over a batch of sequences.
///
/// `width = gates · hidden` (1, 3 or 4 gate blocks, `RecurrentCell.gateCount`).
public struct RecurrentGeometry: Sendable, Equatable {
  public var cell: RecurrentCell
  public var batch: Int
  public var steps: Int
  public var inputWidth: Int
  public var hidden: Int

  public init(cell: RecurrentCell, batch: Int, steps: Int, inputWidth: Int, hidden: Int) {
    self.cell = cell
    self.batch = batch
    self.steps = steps
    self.inputWidth = inputWidth
    self.hidden = hidden
  }

  /// Columns of the kernels and gate blocks: `gates · hidden`.
  public var width: Int { cell.gateCount * hidden }
  /// Floats of the weights: `[inputWidth + hidden, width]`, the kernel's rows (Keras's `kernel`)
  /// then the recurrent kernel's (Keras's `recurrent_kernel`).
  public var weightCount: Int { (inputWidth + hidden) * width }
  /// Floats of the bias: `[width]`, or `[2, width]` for the GRU (input bias, recurrent bias).
  public var biasCount: Int { (cell == .gru ? 2 : 1) * width }
}

/// The values the forward pass keeps for the backward pass (caller-owned buffers, sizes from
/// `counts`). Time-major buffers hold one `[batch, ·]` block per step.
public struct RecurrentTape {
  /// `[batch, steps, width]`: `x·W + b` of every step.
  public var projection: UnsafeMutablePointer<Float>
  /// `[batch, width]` scratch: `h·U` (+ recurrent bias) of the current step.
  public var recurrent: UnsafeMutablePointer<Float>
  /// `[steps + 1, batch, hidden]`: the state before step `t` at `t` (zeros at 0).
  public var states: UnsafeMutablePointer<Float>
  /// LSTM: `[steps + 1, batch, hidden]`, the cell state likewise; nil for other cells.
  public var cells: UnsafeMutablePointer<Float>?
  /// `[steps, batch, width]`: the gates' activations (simple: `h'`; GRU: z, r, ĥ;
  /// LSTM: i, f, g, o), zeros where a sequence has ended.
  public var gates: UnsafeMutablePointer<Float>
  /// GRU: `[steps, batch, hidden]`, `h·U_h + c_h` (what the reset gate multiplies).
  public var candidate: UnsafeMutablePointer<Float>?

  public init(
    projection: UnsafeMutablePointer<Float>, recurrent: UnsafeMutablePointer<Float>,
    states: UnsafeMutablePointer<Float>, cells: UnsafeMutablePointer<Float>?,
    gates: UnsafeMutablePointer<Float>, candidate: UnsafeMutablePointer<Float>?
  ) {
    self.projection = projection
    self.recurrent = recurrent
    self.states = states
    self.cells = cells
    self.gates = gates
    self.candidate = candidate
  }

  /// Floats each buffer needs for `g` (0 for a buffer the cell does not use).
  public static func counts(_ g: RecurrentGeometry) -> (
    projection: Int, recurrent: Int, states: Int, cells: Int, gates: Int, candidate: Int
  ) {
    let n = g.batch
    return (
      n * g.steps * g.width, n * g.width, (g.steps + 1) * n * g.hidden,
      g.cell == .lstm ? (g.steps + 1) * n * g.hidden : 0, g.steps * n * g.width,
      g.cell == .gru ? g.steps * n * g.hidden : 0
    )
  }
}

/// A recurrent layer over a batch (fast path): `output[s] = h` after the first `lengths[s]`
/// steps of sequence `s` (Keras's masking with padding at the end; zeros for length 0).
///
/// - `input`: `[batch, steps, inputWidth]`; `lengths`: `[batch]`, each in `0...steps`.
/// - `weights`: `[inputWidth + hidden, width]` (W then U); `bias`: `RecurrentGeometry.biasCount`.
/// - `output`: `[batch, hidden]`.
///
/// One GEMM gives `x·W` for all steps; then per step a GEMM `h·U` over the batch and the
/// fused gate kernel (`GateMath` sigmoid / tanh, eight lanes at a time). Sequences that have
/// ended keep their state. Checked against `RecurrentReference` (Double, exact functions).
public func recurrentForward(
  _ g: RecurrentGeometry, input x: UnsafePointer<Float>, lengths: UnsafePointer<Int32>,
  weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, tape: RecurrentTape,
  output: UnsafeMutablePointer<Float>, threads: Int
) {
  let (n, steps, d, h, width) = (g.batch, g.steps, g.inputWidth, g.hidden, g.width)
  guard n > 0 else { return }
  sgemm(
    .none, .none, m: n * steps, n: width, k: d, a: x, lda: d, b: weights, ldb: width,
    c: tape.projection, ldc: width, threads: threads)
  for row in 0..<(n * steps) {
    addInPlace(bias, into: tape.projection + row * width, count: width)
  }
  VectorLoops.zero(tape.states, n * h)
  if let cells = tape.cells { VectorLoops.zero(cells, n * h) }
  let recurrentKernel = weights + d * width
  withUnsafeTemporaryAllocation(of: Int32.self, capacity: n) { orderBuffer in
    let order = orderBuffer.baseAddress!
    let last = lengthOrder(lengths, count: n, steps: steps, into: order)
    for t in 0..<last {
      // Rows are sorted by length, so the sequences still running are the first `active`.
      let active = runningCount(lengths, count: n, step: t)
      let hPrev = tape.states + t * n * h
      if g.cell == .gru {
        for s in 0..<active {
          (tape.recurrent + s * width).update(from: bias + width, count: width)
        }
      }
      sgemm(
        .none, .none, m: active, n: width, k: h, a: hPrev, lda: h, b: recurrentKernel,
        ldb: width, beta: g.cell == .gru ? 1 : 0, c: tape.recurrent, ldc: width,
        threads: threads)
      RecurrentGates.forwardStep(g, step: t, lengths: lengths, order: order, tape: tape)
    }
    let final = tape.states + last * n * h
    for s in 0..<n { (output + Int(order[s]) * h).update(from: final + s * h, count: h) }
  }
}

/// Sorts the samples by length, longest first (ties in sample order), into `order`, and
/// returns the longest length (at most `steps`).
func lengthOrder(
  _ lengths: UnsafePointer<Int32>, count n: Int, steps: Int, into order: UnsafeMutablePointer<Int32>
) -> Int {
  // A counting sort: lengths are 0...steps.
  var next = 0
  for length in stride(from: steps, through: 0, by: -1) {
    for s in 0..<n where min(Int(lengths[s]), steps) == length {
      order[next] = Int32(s)
      next += 1
    }
  }
  return n == 0 ? 0 : min(Int(lengths[Int(order[0])]), steps)
}

/// Scratch of the backward pass (caller-owned; sizes from `counts`).
public struct RecurrentGradientScratch {
  /// `[batch, steps, width]`: gradient at the input-side pre-activations.
  public var inputSide: UnsafeMutablePointer<Float>
  /// `[steps, batch, width]`: gradient at the recurrent-side pre-activations.
  public var recurrentSide: UnsafeMutablePointer<Float>
  /// `[batch, hidden]`: a state gradient (the other one is `gradOutput`); and two cell-state
  /// gradients for the LSTM.
  public var state: UnsafeMutablePointer<Float>
  public var cell: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)?

  public init(
    inputSide: UnsafeMutablePointer<Float>, recurrentSide: UnsafeMutablePointer<Float>,
    state: UnsafeMutablePointer<Float>,
    cell: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)?
  ) {
    self.inputSide = inputSide
    self.recurrentSide = recurrentSide
    self.state = state
    self.cell = cell
  }

  /// Floats of `inputSide` and `recurrentSide` (each), and of each state (and cell) gradient.
  public static func counts(_ g: RecurrentGeometry) -> (side: Int, state: Int) {
    (g.batch * g.steps * g.width, g.batch * g.hidden)
  }
}

/// Back-propagation through time of `recurrentForward` (same geometry, input, lengths,
/// weights and the tape it filled).
///
/// From `gradOutput` (`[batch, hidden]`, overwritten as scratch) walks the steps backwards
/// (gate kernel, then `dh_t += dR_t·Uᵀ` as a GEMM over the batch), then `dW = xᵀ·dA` as one
/// GEMM, `dU = Σ_t H_tᵀ·dR_t` as one GEMM per step over the rows still running (H_t: the
/// states at step `t`), `db = Σ dA`, GRU
/// `dc = Σ dR`, and `dx = dA·Wᵀ` into `inputGradient` (`[batch, steps, inputWidth]`) when given.
/// `weightGradient` / `biasGradient` are laid out like the weights and bias, added to when
/// `accumulate`.
public func recurrentBackward(
  _ g: RecurrentGeometry, input x: UnsafePointer<Float>, lengths: UnsafePointer<Int32>,
  weights: UnsafePointer<Float>, tape: RecurrentTape, gradOutput: UnsafeMutablePointer<Float>,
  scratch: RecurrentGradientScratch, weightGradient: UnsafeMutablePointer<Float>,
  biasGradient: UnsafeMutablePointer<Float>, accumulate: Bool,
  inputGradient: UnsafeMutablePointer<Float>?, threads: Int
) {
  let (n, steps, d, h, width) = (g.batch, g.steps, g.inputWidth, g.hidden, g.width)
  let beta: Float = accumulate ? 1 : 0
  let dA = scratch.inputSide
  let dR = scratch.recurrentSide
  VectorLoops.zero(dA, n * steps * width)
  var dc = scratch.cell?.0
  var dcPrev = scratch.cell?.1
  dc?.update(repeating: 0, count: n * h)
  // `Uᵀ` (`[width, hidden]`) once per call, so that each step's `dR_t·Uᵀ` reads it in place
  // instead of packing a transposed copy per step (the same sums either way).
  let transposedU = UnsafeMutablePointer<Float>.allocate(capacity: h * width)
  defer { transposedU.deallocate() }
  transpose(weights + d * width, rows: h, columns: width, into: transposedU)
  let last = withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(n, 1)) { orderBuffer in
    let order = orderBuffer.baseAddress!
    let last = lengthOrder(lengths, count: n, steps: steps, into: order)
    // The state gradients follow the tape's row order (sorted by length).
    var dh = scratch.state
    var dhPrev = gradOutput
    for s in 0..<n { (dh + s * h).update(from: gradOutput + Int(order[s]) * h, count: h) }
    for t in stride(from: last - 1, through: 0, by: -1) {
      RecurrentGates.backwardStep(
        g, step: t, lengths: lengths, order: order, tape: tape, dh: dh, dc: dc, dA: dA, dR: dR,
        dhPrev: dhPrev, dcPrev: dcPrev)
      let active = runningCount(lengths, count: n, step: t)
      if t > 0 {
        sgemm(
          .none, .none, m: active, n: h, k: width, a: dR + t * n * width, lda: width,
          b: transposedU, ldb: h, beta: 1, c: dhPrev, ldc: h, threads: threads)
      }
      swap(&dh, &dhPrev)
      swap(&dc, &dcPrev)
    }
    return last
  }
  // Input side: dW = xᵀ dA, db = Σ rows of dA (ended steps hold zeros).
  sgemm(
    .transposed, .none, m: d, n: width, k: n * steps, a: x, lda: d, b: dA, ldb: width,
    beta: beta, c: weightGradient, ldc: width, threads: threads)
  sumRows(dA, rows: n * steps, columns: width, into: biasGradient, accumulate: accumulate)
  // Recurrent side: dU = Σ_t H_tᵀ dR_t over the rows still running at each step (the first
  // `active_t` rows of block t; the ended rows' dR is zero), one GEMM per step.
  let dU = weightGradient + d * width
  if !accumulate { VectorLoops.zero(dU, h * width) }
  for t in 0..<last {
    let active = runningCount(lengths, count: n, step: t)
    sgemm(
      .transposed, .none, m: h, n: width, k: active, a: tape.states + t * n * h, lda: h,
      b: dR + t * n * width, ldb: width, beta: 1, c: dU, ldc: width, threads: threads)
  }
  if g.cell == .gru {
    sumRows(dR, rows: last * n, columns: width, into: biasGradient + width, accumulate: accumulate)
  }
  if let inputGradient {
    sgemm(
      .none, .transposed, m: n * steps, n: d, k: width, a: dA, lda: width, b: weights,
      ldb: width, c: inputGradient, ldc: d, threads: threads)
  }
}

/// `out[j, i] = m[i, j]` for a row-major `rows x columns` matrix `m`, in 8 x 8 blocks.
func transpose(
  _ m: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>
) {
  for i0 in stride(from: 0, to: rows, by: 8) {
    for j0 in stride(from: 0, to: columns, by: 8) {
      for i in i0..<min(i0 + 8, rows) {
        for j in j0..<min(j0 + 8, columns) { out[j * rows + i] = m[i * columns + j] }
      }
    }
  }
}

/// How many of `n` samples are still running at step `t` (length > t).
func runningCount(_ lengths: UnsafePointer<Int32>, count n: Int, step t: Int) -> Int {
  var active = 0
  for s in 0..<n where Int(lengths[s]) > t { active += 1 }
  return active
}
