/// The runtime of a model for one batch capacity: every activation, gradient and scratch
/// buffer is allocated once here and reused for every batch (no allocation per batch).
///
/// Internal. Parameters are copied into owned buffers at construction, updated in place by the
/// optimiser, and copied back out by `exportModel()`.
final class Network {
  let batchCapacity: Int
  let threads: Int
  let training: Bool
  private(set) var model: Sequential
  let states: [LayerState]
  /// Network input, `batchCapacity x inputCount`.
  let input: FloatBuffer
  let inputCount: Int
  /// Gradient of the loss with respect to the last layer's output.
  let lossGradient: FloatBuffer
  /// When set, weight and bias gradients add to the stored ones (full-batch descent).
  var accumulateGradients = false
  var dropoutRandom: SeededRandom

  /// - Parameters:
  ///   - training: allocate gradient buffers (and use batch statistics / dropout in `forward`).
  ///   - needInputGradient: also compute the gradient with respect to the network input.
  init(
    model: Sequential, batchCapacity: Int, threads: Int, training: Bool, seed: UInt64 = 0,
    needInputGradient: Bool = false
  ) {
    self.model = model
    self.batchCapacity = batchCapacity
    self.threads = max(1, threads)
    self.training = training
    inputCount = model.inputShape.reduce(1, *)
    input = FloatBuffer(count: batchCapacity * inputCount)
    var states: [LayerState] = []
    for (i, layer) in model.layers.enumerated() {
      states.append(
        LayerState(
          layer: layer, index: i, inShape: model.inputShape(ofLayer: i),
          outShape: model.layerShapes[i], batch: batchCapacity, training: training,
          needInputGradient: training && (i > 0 || needInputGradient)))
    }
    self.states = states
    lossGradient = FloatBuffer(count: batchCapacity * model.outputShape.reduce(1, *))
    dropoutRandom = SeededRandom(seed: seed ^ 0xD50F_0D50)
  }

  /// The output the next layer (or the loss) sees from layer `i`.
  func visibleOutput(_ i: Int) -> UnsafeMutablePointer<Float> {
    i < 0 ? input.pointer : (states[i].quantizedOutput ?? states[i].output).pointer
  }

  /// The model's output for the last batch, `n x outputCount`.
  var output: UnsafeMutablePointer<Float> { visibleOutput(states.count - 1) }
  var outputCount: Int { states.last?.outCount ?? inputCount }

  /// Runs every layer on the first `n` samples of `input`.
  /// `training` selects batch statistics and dropout (requires a training network).
  ///
  /// Inference runs large batches through the whole network `inferenceTile` samples at a
  /// time, so each tile's activations stay in cache between layers; every sample's result is
  /// the same as in one pass (no value depends on other samples at inference).
  func forward(count n: Int, training isTraining: Bool) {
    precondition(n <= batchCapacity && (!isTraining || training))
    for state in states { state.prepareWeights() }
    let tile = isTraining ? max(n, 1) : Network.inferenceTile
    for offset in stride(from: 0, to: n, by: tile) {
      let count = min(tile, n - offset)
      for (i, state) in states.enumerated() {
        let inCount = i == 0 ? inputCount : states[i - 1].outCount
        state.forward(
          input: visibleOutput(i - 1) + offset * inCount, offset: offset, count: count,
          training: isTraining, threads: threads, random: &dropoutRandom)
        state.applyOutputTransform(offset: offset, count: count, recordMask: isTraining)
      }
    }
  }

  /// Samples per inference tile (see `forward`).
  static let inferenceTile = 32

  /// Back-propagates `lossGradient` (for the first `n` samples) through every layer, filling
  /// weight and bias gradients. With `fusedSoftmax`, `lossGradient` is already the gradient
  /// with respect to the last layer's pre-softmax values.
  func backward(count n: Int, fusedSoftmax: Bool) {
    var gradient = lossGradient.pointer
    for i in stride(from: states.count - 1, through: 0, by: -1) {
      let state = states[i]
      let last = i == states.count - 1
      if !(last && fusedSoftmax) { state.maskOutputGradient(gradient, count: n) }
      state.backward(
        gradOutput: gradient, input: visibleOutput(i - 1), count: n,
        skipActivation: last && fusedSoftmax, accumulate: accumulateGradients, threads: threads)
      guard let next = state.gradInput else { break }
      gradient = next.pointer
    }
  }

  /// Trainable buffers with their gradients, in layer order (weights then bias).
  var parameters: [(value: FloatBuffer, gradient: FloatBuffer, mask: FloatBuffer?)] {
    var list: [(FloatBuffer, FloatBuffer, FloatBuffer?)] = []
    for s in states {
      if let w = s.weight, let gw = s.weightGrad { list.append((w, gw, s.weightMask)) }
      if let b = s.bias, let gb = s.biasGrad { list.append((b, gb, nil)) }
    }
    return list
  }

  /// Zeroes every parameter gradient.
  func zeroGradients() {
    for s in states {
      s.weightGrad?.fill(0)
      s.biasGrad?.fill(0)
    }
  }

  /// The model with the current parameters (and running statistics) copied out.
  func exportModel() -> Sequential {
    var m = model
    for (i, s) in states.enumerated() where s.weight != nil {
      let layer = m.layers[i]
      let w = try! Tensor(shape: layer.weights!.shape, data: s.weight!.array())
      let b = try! Tensor(shape: layer.bias!.shape, data: s.bias!.array())
      try! m.setParameters(layer: i, weights: w, bias: b)
      if let mean = s.runningMean, let variance = s.runningVariance {
        try! m.setRunningStatistics(
          layer: i, mean: Tensor(shape: w.shape, data: mean.array()),
          variance: Tensor(shape: w.shape, data: variance.array()))
      }
    }
    return m
  }

  /// Loads `count` pixel images starting at sample positions `indices[from..<from+count]`
  /// of `images` (each `inputCount` bytes) into `input` through the lookup `table`.
  func loadPixels(
    _ images: UnsafePointer<UInt8>, indices: UnsafePointer<Int32>, count n: Int,
    table: UnsafePointer<Float>
  ) {
    let size = inputCount
    let destination = input.pointer
    Parallel.slices(n, threads: threads, costPerItem: size) { samples in
      for s in samples {
        let src = images + Int(indices[s]) * size
        let dst = destination + s * size
        for j in 0..<size { dst[j] = table[Int(src[j])] }
      }
    }
  }
}
