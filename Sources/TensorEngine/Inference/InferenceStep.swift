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
    case .maxPool: return 0
    case .avgPool, .activation, .identity: return 0
    case .recurrent(let w): return w.scratchCount(count: tile)
    }
  }

  /// Runs the step on `n` samples: `x` (`n x inCount`) -> `y` (`n x outCount`); `y` may be `x`
  /// only for in-place operations (activation, identity). `indices` holds `n x outCount`
  /// Int32 for a standalone max-pool's (unused) argmax.
  func run(
    _ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int,
    scratch: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<Int32>
  ) {
    switch operation {
    case .directConv(var g, let w, let bias, let activation, let pool):
      g.batch = n
      bias.withUnsafeBufferPointer {
        fusedConvForward(
          g, input: x, weights: w, bias: $0.baseAddress!, activation: activation, pool: pool,
          output: y, scratch: scratch)
      }
    case .winogradConv(var g, let w, let bias, let activation, let pool):
      g.batch = n
      bias.withUnsafeBufferPointer {
        winogradConvForward(
          g, input: x, weights: w, bias: $0.baseAddress!, activation: activation, pool: pool,
          output: y, scratch: scratch)
      }
    case .dense(let w, let bias, let activation):
      bias.withUnsafeBufferPointer {
        fusedDenseForward(
          input: x, rows: n, weights: w, bias: $0.baseAddress!, activation: activation,
          output: y, scratch: scratch)
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
    outputTransform?.fakeQuantize(UnsafeMutableBufferPointer(start: y, count: n * outCount))
  }

  /// Whether the step may write its output over its input.
  var inPlace: Bool {
    switch operation {
    case .activation, .identity: return true
    case .directConv, .winogradConv, .dense, .maxPool, .avgPool, .recurrent: return false
    }
  }
}
