import Kernels

/// One step of an `InferencePlan`: a layer (or a conv with its max-pool fused) with its
/// weights pre-packed, run on a tile of samples by one thread.
///
/// Per-sample sizes: `inCount` floats in, `outCount` out. Geometries are for one sample; a
/// tile of `n` samples sets their `batch` to `n`.
struct InferenceStep {
  enum Operation {
    /// `fusedConvForward` (implicit im2col + GEMM, epilogue bias + activation + pool).
    case directConv(
      ConvGeometry, FloatWeightPanels, bias: [Float], ActivationFunction, pool: Int)
    /// `winogradConvForward` (pool 1 or 2).
    case winogradConv(
      ConvGeometry, WinogradWeights, bias: [Float], ActivationFunction, pool: Int)
    /// `fusedDenseForward`.
    case dense(FloatWeightPanels, bias: [Float], ActivationFunction)
    /// A max-pool not fused into a conv.
    case maxPool(ConvGeometry)
    case avgPool(ConvGeometry)
    /// A standalone activation over rows of `columns` values (softmax: the last axis).
    case activation(ActivationFunction, columns: Int)
    /// Flatten, dropout at inference: the values pass unchanged (no copy).
    case identity
    /// An embedding and the recurrent layer right after it: `recurrentInferenceForward`.
    case recurrent(RecurrentInferenceWeights)
  }

  var operation: Operation
  var inCount: Int
  var outCount: Int
  /// The activation fake-quantization hook of the layer this step ends with.
  var outputTransform: (any ActivationFakeQuantizer)?
  /// Index of the model layer whose output this step produces (the pool, when fused).
  var layer: Int

  /// Floats of scratch the step needs per thread for a tile of `tile` samples.
  func scratchCount(tile: Int) -> Int {
    switch operation {
    case .directConv(let g, let w, _, _, let pool):
      return FusedConv.scratchCount(g, filters: w.n, pool: pool)
    case .winogradConv(_, let w, _, _, _):
      return Winograd.scratchCount(channels: w.channels, filters: w.filters)
    case .dense(let w, _, _): return FusedDense.scratchCount(k: w.k, units: w.n)
    case .maxPool, .avgPool, .activation, .identity: return 0
    case .recurrent(let w): return w.scratchCount(count: tile)
    }
  }

  /// Applies the layer's activation hook to the step's output (`n x outCount` at `y`).
  func transformOutput(_ y: UnsafeMutablePointer<Float>, count n: Int) {
    outputTransform?.fakeQuantize(UnsafeMutableBufferPointer(start: y, count: n * outCount))
  }

  /// Whether `compute` divides its work among `parts` (> 1) for a tile of `n` samples; when
  /// false, part 0 does all of it and the others nothing.
  func splits(count n: Int) -> Bool {
    switch operation {
    case .directConv, .winogradConv: return true
    case .dense(let w, _, let activation):
      return activation != .softmax && FusedDense.panelCount(units: w.n) > 1
    case .maxPool, .avgPool, .activation, .identity, .recurrent: return false
    }
  }

  /// Part `part` of `parts` (default: all) of the step's work on `n` samples, `x`
  /// (`n x inCount`) -> `y` (`n x outCount`), without the output hook (`transformOutput`); `y`
  /// may be `x` only for in-place operations (activation, identity); `indices` holds
  /// `n x outCount` Int32 for a standalone max-pool's (unused) argmax. The parts: convolutions
  /// by blocks of output pixels or tiles, a dense layer by 16-column panels (`splits`). Every
  /// output element is computed as the undivided step computes it, so the parts together give
  /// the same bits. `phase`: a Winograd step's profiling marks.
  func compute(
    _ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int,
    scratch: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<Int32>, part: Int = 0,
    parts: Int = 1, phase: ((Int) -> Void)? = nil
  ) {
    if parts > 1 && !splits(count: n) && part > 0 { return }
    let whole = parts <= 1 || !splits(count: n)
    switch operation {
    case .directConv(var g, let w, let bias, let activation, let pool):
      g.batch = n
      let (oh, ow) = FusedConv.outputSize(g, pool: max(1, pool))
      let windows = whole ? nil : share(n * oh * ow, unit: 6, part: part, parts: parts)
      bias.withUnsafeBufferPointer {
        fusedConvForward(
          g, input: x, weights: w, bias: $0.baseAddress!, activation: activation, pool: pool,
          output: y, scratch: scratch, windows: windows)
      }
    case .winogradConv(var g, let w, let bias, let activation, let pool):
      g.batch = n
      let (rows, columns) = Winograd.tileGrid(g, pool: pool)
      let tiles = whole ? nil : share(n * rows * columns, unit: 6, part: part, parts: parts)
      bias.withUnsafeBufferPointer {
        winogradConvForward(
          g, input: x, weights: w, bias: $0.baseAddress!, activation: activation, pool: pool,
          output: y, scratch: scratch, tiles: tiles, phase: phase)
      }
    case .dense(let w, let bias, let activation):
      let panels =
        whole
        ? nil : share(FusedDense.panelCount(units: w.n), unit: 1, part: part, parts: parts)
      bias.withUnsafeBufferPointer {
        fusedDenseForward(
          input: x, rows: n, weights: w, bias: $0.baseAddress!, activation: activation,
          output: y, scratch: scratch, panels: panels)
      }
    case .maxPool(var g):
      g.batch = n
      maxPoolForward(g, input: x, output: y, argmax: indices, threads: 1)
    case .avgPool(var g):
      g.batch = n
      avgPoolForward(g, input: x, output: y, threads: 1)
    case .activation(let activation, let columns):
      if x != y { y.update(from: x, count: n * outCount) }
      biasActivationForward(
        y, rows: n * outCount / columns, columns: columns, bias: nil, activation: activation)
    case .identity:
      if x != y { y.update(from: x, count: n * outCount) }
    case .recurrent(let w):
      recurrentInferenceForward(w, tokens: x, count: n, output: y, scratch: scratch)
    }
  }

  /// Part `part` of `parts` near-equal shares of `0 ..< total` in whole `unit`s (the last
  /// unit may be short): work units of the fast kernels (6-row panels, 16-column panels).
  private func share(_ total: Int, unit: Int, part: Int, parts: Int) -> Range<Int> {
    let units = (total + unit - 1) / unit
    let lower = min(total, units * part / parts * unit)
    let upper = min(total, units * (part + 1) / parts * unit)
    return lower..<upper
  }

  /// Whether the step may write its output over its input.
  var inPlace: Bool {
    switch operation {
    case .activation, .identity: return true
    case .directConv, .winogradConv, .dense, .maxPool, .avgPool, .recurrent: return false
    }
  }
}
