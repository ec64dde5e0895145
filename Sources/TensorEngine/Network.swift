import Kernels

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
  /// Shards of a training batch (see `trainingShards`); 1 for inference networks.
  let shardCount: Int
  /// Weight and bias gradients of shards 1, 2, ... per layer (shard 0 uses the layer's own).
  private let shardGradients: [[(weight: FloatBuffer?, bias: FloatBuffer?)]]
  /// Per layer: its ReLU backward is done by the max pool above it
  /// (Kernels' `maxPoolReLUBackward`), which needs the pool to see the raw ReLU output.
  private let reluFoldedIntoPool: [Bool]

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
    let states = model.layers.enumerated().map { i, layer in
      LayerState(
        layer: layer, index: i, inShape: model.inputShape(ofLayer: i),
        outShape: model.layerShapes[i], batch: batchCapacity, training: training,
        needInputGradient: training && (i > 0 || needInputGradient))
    }
    self.states = states
    for state in states where state.sequence != nil { state.tokens = input.pointer }
    let hasBatchNorm = model.layers.contains {
      if case .batchNorm = $0.kind { return true } else { return false }
    }
    reluFoldedIntoPool = states.indices.map { i in
      guard i + 1 < states.count, case .maxPool = states[i + 1].kind else { return false }
      return states[i].kind.activation == .relu && states[i].quantizedOutput == nil
    }
    shardCount = training && !hasBatchNorm ? Network.trainingShards : 1
    shardGradients = (1..<max(shardCount, 1)).map { _ in
      states.map { s in
        (
          s.weightGrad.map { FloatBuffer(count: $0.count) },
          s.biasGrad.map { FloatBuffer(count: $0.count) }
        )
      }
    }
    lossGradient = FloatBuffer(count: batchCapacity * model.outputShape.reduce(1, *))
    dropoutRandom = SeededRandom(seed: seed ^ 0xD50F_0D50)
  }

  /// Refuses a batch capacity whose buffers would hold more than `Shapes.maxElements` values
  /// in one tensor (the input, a layer's output, a convolution's patch matrix), computed with
  /// overflow checks, so that no allocation can trap on its size.
  static func checkCapacity(_ model: Sequential, batch: Int) throws {
    _ = try Shapes.checkedCount([batch] + model.inputShape, "a batch of \(batch) inputs")
    for (i, kind) in model.layers.map(\.kind).enumerated() {
      let output = model.layerShapes[i]
      let at = "layer \(i) (\(kind.name))"
      _ = try Shapes.checkedCount([batch] + output, "\(at) output for a batch of \(batch)")
      if case .conv2d(_, let kernel, _, _, _) = kind, output.count == 3 {
        let channels = model.inputShape(ofLayer: i).last ?? 1
        _ = try Shapes.checkedCount(
          [batch, output[0], output[1], kernel, kernel, channels],
          "\(at) patches for a batch of \(batch)")
      }
    }
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
  /// Training runs each shard of the batch (see `shardRanges`) through the whole network on
  /// its own thread. Inference runs large batches through the whole network `inferenceTile`
  /// samples at a time, so each tile's activations stay in cache between layers; every
  /// sample's result is the same as in one pass (no value depends on other samples at
  /// inference).
  func forward(count n: Int, training isTraining: Bool) {
    precondition(n <= batchCapacity && (!isTraining || training))
    for state in states { state.prepareWeights() }
    if isTraining {
      // Dropout masks are drawn for the whole batch in order, before it is split.
      for state in states { state.generateDropoutMask(count: n, random: &dropoutRandom) }
      runShards(count: n) { _, range, threads in
        forwardSamples(offset: range.lowerBound, count: range.count, threads: threads)
      }
      return
    }
    for offset in stride(from: 0, to: n, by: Network.inferenceTile) {
      forwardSamples(
        offset: offset, count: min(Network.inferenceTile, n - offset), threads: threads,
        training: false)
    }
  }

  /// Every layer (or the prefix `layers`) on samples `offset..<offset + n`.
  func forwardSamples(
    offset: Int, count n: Int, threads: Int, training: Bool = true, layers: Range<Int>? = nil
  ) {
    for i in layers ?? states.indices {
      let state = states[i]
      let inCount = i == 0 ? inputCount : states[i - 1].outCount
      state.forward(
        input: visibleOutput(i - 1) + offset * inCount, offset: offset, count: n,
        training: training, threads: threads)
      state.applyOutputTransform(offset: offset, count: n, recordMask: training)
    }
  }

  /// Samples per inference tile (see `forward`).
  static let inferenceTile = 32

  /// Back-propagates `lossGradient` (for the first `n` samples) through every layer, filling
  /// weight and bias gradients. With `fusedSoftmax`, `lossGradient` is already the gradient
  /// with respect to the last layer's pre-softmax values.
  ///
  /// Each shard back-propagates its samples on its own thread; shard 0 writes the layers'
  /// gradients (adding to them when `accumulateGradients`), shard `s > 0` writes its own
  /// buffers, which are then added to shard 0's in shard order.
  func backward(count n: Int, fusedSoftmax: Bool) {
    let shards = shardRanges(n).count
    runShards(count: n) { shard, range, threads in
      backwardSamples(
        shard: shard, offset: range.lowerBound, count: range.count, fusedSoftmax: fusedSoftmax,
        threads: threads)
    }
    guard shards > 1 else { return }
    for (i, state) in states.enumerated() {
      for shard in 1..<shards {
        let own = shardGradients[shard - 1][i]
        for case let (total?, part?) in [
          (state.weightGrad, own.weight), (state.biasGrad, own.bias),
        ] {
          addInPlace(part.pointer, into: total.pointer, count: total.count)
        }
      }
    }
  }

  /// Back-propagation of samples `offset..<offset + n` (one shard).
  private func backwardSamples(
    shard: Int, offset: Int, count n: Int, fusedSoftmax: Bool, threads: Int
  ) {
    var gradient = lossGradient.pointer + offset * outputCount
    for i in stride(from: states.count - 1, through: 0, by: -1) {
      let state = states[i]
      let last = i == states.count - 1
      if !(last && fusedSoftmax) { state.maskOutputGradient(gradient, offset: offset, count: n) }
      let own = shard == 0 ? nil : shardGradients[shard - 1][i]
      let inCount = i == 0 ? inputCount : states[i - 1].outCount
      state.backward(
        gradOutput: gradient, input: visibleOutput(i - 1) + offset * inCount, offset: offset,
        count: n, skipActivation: (last && fusedSoftmax) || reluFoldedIntoPool[i],
        accumulate: shard == 0 && accumulateGradients, threads: threads,
        reluBelow: i > 0 && reluFoldedIntoPool[i - 1],
        weightGradient: own?.weight?.pointer, biasGradient: own?.bias?.pointer)
      guard let next = state.gradInput else { break }
      gradient = next.pointer + offset * inCount
    }
  }

  /// Training batches are cut into this many shards (fewer when the batch has fewer
  /// samples): a fixed number, independent of the thread count, so that 1 and N threads do
  /// exactly the same arithmetic. Models with batch norm train on whole batches (1 shard),
  /// because batch statistics are over the whole batch.
  static let trainingShards = 2

  /// The sample ranges of the shards of a training batch of `n` samples: near-equal and
  /// depending only on `n` and `shardCount`.
  func shardRanges(_ n: Int) -> [Range<Int>] {
    let parts = max(1, min(shardCount, n))
    return (0..<parts).map { (n * $0 / parts)..<(n * ($0 + 1) / parts) }
  }

  /// Runs `body(shard, samples, threads)` for every shard of a batch of `n`: concurrently
  /// when the network has at least two threads, each shard with its share of the threads.
  private func runShards(count n: Int, _ body: (Int, Range<Int>, Int) -> Void) {
    // Shards touch disjoint samples and their own gradient buffers.
    let ranges = shardRanges(n)
    let perShard = threads == 1 || ranges.count == 1 ? threads : max(1, threads / ranges.count)
    parallelFor(ranges.count, threads: threads) { shard in body(shard, ranges[shard], perShard) }
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
      let b = try! s.bias.map { try Tensor(shape: layer.bias!.shape, data: $0.array()) }
      try! m.setParameters(layer: i, weights: w, bias: b)
      if let mean = s.runningMean, let variance = s.runningVariance {
        try! m.setRunningStatistics(
          layer: i, mean: Tensor(shape: w.shape, data: mean.array()),
          variance: Tensor(shape: w.shape, data: variance.array()))
      }
    }
    return m
  }

  /// Loads the `count` images of `split` at positions `order[first ..< first + count]` into
  /// `input`, through the lookup `table` (256 floats, the model's input encoding).
  func load(
    _ split: Split, order: [Int32], first: Int, count n: Int, table: [Float]
  ) {
    let size = inputCount
    let destination = input.pointer
    split.images.withUnsafeBufferPointer { imageBuffer in
      order.withUnsafeBufferPointer { orderBuffer in
        table.withUnsafeBufferPointer { tableBuffer in
          let (images, indices, table) = (
            imageBuffer.baseAddress!, orderBuffer.baseAddress! + first, tableBuffer.baseAddress!
          )
          Parallel.slices(n, threads: threads, costPerItem: size) { samples in
            for s in samples {
              lookUp(
                images + Int(indices[s]) * size, table: table, into: destination + s * size,
                count: size)
            }
          }
        }
      }
    }
  }
}
