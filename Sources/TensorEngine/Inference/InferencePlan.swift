import Kernels

/// A model compiled for inference: its layers as `InferenceStep`s with the weights
/// fake-quantized (when a weight hook is set), batch norms folded and every weight matrix
/// packed, once per model.
///
/// Compiling: a conv followed by a max-pool with `size == stride` becomes one fused step when
/// the conv ends in ReLU or linear and has no output hook; a batch norm right after a conv or
/// dense layer without activation and without output hook is folded into it (`BatchNormFold`);
/// flatten and dropout cost nothing; an embedding followed directly by a recurrent layer
/// becomes one step (`embeddedRecurrent`). A model with another batch norm, or an embedding or
/// recurrent layer in another arrangement, has no plan (`nil`): the training network runs it.
struct InferencePlan {
  let steps: [InferenceStep]
  let inputCount: Int
  let outputCount: Int

  init?(_ model: Sequential, options: InferenceOptions) {
    inputCount = model.inputShape.reduce(1, *)
    outputCount = model.outputShape.reduce(1, *)
    var steps: [InferenceStep] = []
    let layers = model.layers
    var i = 0
    while i < layers.count {
      var layer = layers[i]
      let inShape = model.inputShape(ofLayer: i)
      var last = i
      // Fold a batch norm that directly follows a linear conv or dense layer.
      if i + 1 < layers.count, let folded = InferencePlan.fold(layer, layers[i + 1]) {
        layer = folded
        last = i + 1
      }
      let inCount = inShape.reduce(1, *)
      let operation: InferenceStep.Operation
      switch layer.kind {
      case .conv2d(let filters, let kernel, let stride, _, let activation):
        var pool = 1
        if last + 1 < layers.count, layer.outputTransform == nil,
          activation == .relu || activation == .linear,
          case .maxPool(let size, let poolStride) = layers[last + 1].kind, size == poolStride,
          size > 1
        {
          pool = size
        }
        let g = model.geometry(ofLayer: i, batch: 1)!
        let weights = InferencePlan.forwardWeights(layer)
        let bias = layer.bias!.data
        let useWinograd =
          options.winogradApplies(
            kernel: kernel, stride: stride, channels: inShape[2], filters: filters)
          && (pool == 1 || pool == 2)
        operation =
          useWinograd
          ? .winogradConv(
            g, WinogradWeights(weights, channels: inShape[2], filters: filters), bias: bias,
            activation, pool: pool)
          : .directConv(
            g, FloatWeightPanels(weights, k: g.patchSize, n: filters), bias: bias,
            activation, pool: pool)
        if pool > 1 { last += 1 }
      case .dense(let units, let activation):
        let panels = FloatWeightPanels(
          InferencePlan.forwardWeights(layer), k: inCount, n: units)
        operation = .dense(panels, bias: layer.bias!.data, activation)
      case .maxPool, .avgPool:
        let g = model.geometry(ofLayer: i, batch: 1)!
        if case .avgPool = layer.kind { operation = .avgPool(g) } else { operation = .maxPool(g) }
      case .flatten, .dropout:
        operation = .identity
      case .activation(let activation):
        let columns = activation == .softmax ? inShape[inShape.count - 1] : inCount
        operation = .activation(activation, columns: columns)
      case .embedding:
        // With the recurrent layer after it as one step (RecurrentInferencePlan.swift).
        guard let step = InferencePlan.embeddedRecurrent(model, embedding: i) else { return nil }
        steps.append(step)
        i += 2
        continue
      case .batchNorm, .recurrent:
        return nil
      }
      // The step ends with layer `last` (a folded batch norm, a fused pool): its output size
      // and its activation hook.
      steps.append(
        InferenceStep(
          operation: operation, inCount: inCount,
          outCount: model.layerShapes[last].reduce(1, *),
          outputTransform: layers[last].outputTransform, layer: last))
      i = last + 1
    }
    self.steps = steps
  }

  /// The weights the forward pass uses: fake-quantized when the layer has a weight hook (as
  /// the training network's `prepareWeights` does, once per model here).
  static func forwardWeights(_ layer: Layer) -> [Float] {
    let w = layer.weights!
    guard let transform = layer.weightTransform else { return w.data }
    let q = transform.fakeQuantize(w.data, shape: w.shape)
    precondition(q.count == w.count, "fake quantizer changed the weight count")
    return q
  }

  /// `layer` with the batch norm `next` folded in, or nil when it cannot be: `layer` must be
  /// a conv or dense layer without activation and without output hook.
  static func fold(_ layer: Layer, _ next: Layer) -> Layer? {
    guard case .batchNorm(_, let epsilon) = next.kind, layer.kind.activation == .linear,
      layer.outputTransform == nil, layer.weights != nil,
      let gamma = next.weights?.data, let beta = next.bias?.data,
      let mean = next.runningMean?.data, let variance = next.runningVariance?.data
    else { return nil }
    switch layer.kind {
    case .conv2d, .dense: break
    case .maxPool, .avgPool, .flatten, .dropout, .batchNorm, .activation, .embedding, .recurrent:
      return nil
    }
    let (weights, bias) = BatchNormFold.fold(
      weights: forwardWeights(layer), bias: layer.bias?.data, gamma: gamma, beta: beta,
      mean: mean, variance: variance, epsilon: epsilon)
    var result = layer
    result.weights = try? Tensor(shape: layer.weights!.shape, data: weights)
    result.bias = try? Tensor(shape: [gamma.count], data: bias)
    result.weightTransform = nil
    result.outputTransform = next.outputTransform
    return result
  }
}
