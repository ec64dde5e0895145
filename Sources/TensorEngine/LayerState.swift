import Kernels

/// One layer's buffers inside a `Network`, and its forward/backward dispatch.
///
/// Buffer shapes (B = batch capacity, per-sample counts `inCount`, `outCount`):
/// `output`, `quantizedOutput`, `outputMask`: `B x outCount`; `gradInput`: `B x inCount`;
/// conv `columns`: `B * outH * outW x k*k*Cin` (reused for the column gradient);
/// max-pool `argmax`: `B x outCount`; batch norm `normalized`: `B x outCount`.
final class LayerState {
  let layer: Layer
  let kind: LayerKind
  let index: Int
  let inShape: [Int]
  let outShape: [Int]
  let inCount: Int
  let outCount: Int

  let weight: FloatBuffer?
  let bias: FloatBuffer?
  let weightGrad: FloatBuffer?
  let biasGrad: FloatBuffer?
  /// Fake-quantized weights used by forward/backward when the layer has a weight transform.
  let transformedWeight: FloatBuffer?
  /// STE mask on the weight gradient (1 passes, 0 clipped), when the quantizer gives one.
  private(set) var weightMask: FloatBuffer?
  let runningMean: FloatBuffer?
  let runningVariance: FloatBuffer?

  let output: FloatBuffer
  let quantizedOutput: FloatBuffer?
  let outputMask: FloatBuffer?
  let gradInput: FloatBuffer?
  let columns: FloatBuffer?
  let argmax: IndexBuffer?
  let dropoutMask: FloatBuffer?
  let normalized: FloatBuffer?
  let batchMean: FloatBuffer?
  let batchInvStd: FloatBuffer?
  /// Batch norm backward scratch, `[C]`.
  let normalizedScratch: FloatBuffer?
  /// Recurrent layers: lengths, tape and backward scratch.
  let sequence: SequenceBuffers?
  /// Recurrent layers: the network's input (token indices, `B x steps`), set by `Network`.
  var tokens: UnsafeMutablePointer<Float>?

  init(
    layer: Layer, index: Int, inShape: [Int], outShape: [Int], batch: Int, training: Bool,
    needInputGradient: Bool
  ) {
    self.layer = layer
    kind = layer.kind
    self.index = index
    self.inShape = inShape
    self.outShape = outShape
    inCount = inShape.reduce(1, *)
    outCount = outShape.reduce(1, *)
    weight = layer.weights.map { FloatBuffer($0.data) }
    bias = layer.bias.map { FloatBuffer($0.data) }
    weightGrad = training ? layer.weights.map { FloatBuffer(count: $0.count) } : nil
    biasGrad = training ? layer.bias.map { FloatBuffer(count: $0.count) } : nil
    transformedWeight =
      layer.weightTransform != nil ? layer.weights.map { FloatBuffer(count: $0.count) } : nil
    runningMean = layer.runningMean.map { FloatBuffer($0.data) }
    runningVariance = layer.runningVariance.map { FloatBuffer($0.data) }
    output = FloatBuffer(count: batch * outCount)
    let quantized = layer.outputTransform != nil
    quantizedOutput = quantized ? FloatBuffer(count: batch * outCount) : nil
    outputMask = quantized && training ? FloatBuffer(count: batch * outCount) : nil
    gradInput = needInputGradient ? FloatBuffer(count: batch * inCount) : nil
    var columns: FloatBuffer?
    var argmax: IndexBuffer?
    var dropoutMask: FloatBuffer?
    var normalized: FloatBuffer?
    var channels = 0
    switch layer.kind {
    case .conv2d(_, let kernel, _, _, _):
      columns = FloatBuffer(count: batch * outShape[0] * outShape[1] * kernel * kernel * inShape[2])
    case .maxPool: argmax = IndexBuffer(count: batch * outCount)
    case .dropout: if training { dropoutMask = FloatBuffer(count: batch * outCount) }
    case .batchNorm:
      if training { normalized = FloatBuffer(count: batch * outCount) }
      channels = outShape[outShape.count - 1]
    default: break
    }
    if case .recurrent(let cell, let units) = layer.kind {
      sequence = SequenceBuffers(
        cell: cell, inShape: inShape, hidden: units, batch: batch, training: training)
    } else {
      sequence = nil
    }
    self.columns = columns
    self.argmax = argmax
    self.dropoutMask = dropoutMask
    self.normalized = normalized
    batchMean = channels > 0 ? FloatBuffer(count: channels) : nil
    batchInvStd = channels > 0 ? FloatBuffer(count: channels) : nil
    normalizedScratch = channels > 0 ? FloatBuffer(count: channels) : nil
  }

  /// Elements of `columns` per sample (`outH * outW * k * k * Cin`), 0 for other layers.
  var columnsPerSample: Int {
    guard case .conv2d(_, let kernel, _, _, _) = kind else { return 0 }
    return outShape[0] * outShape[1] * kernel * kernel * inShape[2]
  }

  /// The weights the forward pass uses: fake-quantized when a transform is set.
  var forwardWeight: FloatBuffer? { transformedWeight ?? weight }

  /// Applies the weight transform to the current float weights (once per forward pass).
  func prepareWeights() {
    guard let transform = layer.weightTransform, let w = weight, let tw = transformedWeight,
      let shape = layer.weights?.shape
    else { return }
    let values = w.array()
    let q = transform.fakeQuantize(values, shape: shape)
    precondition(q.count == values.count, "fake quantizer changed the weight count")
    tw.copy(from: q)
    if weightGrad != nil, let mask = transform.gradientMask(values, shape: shape) {
      precondition(mask.count == values.count, "fake quantizer mask has the wrong count")
      if weightMask == nil { weightMask = FloatBuffer(count: mask.count) }
      weightMask!.copy(from: mask)
    }
  }

  /// Fake-quantizes the output into `quantizedOutput`, recording the STE clip mask.
  func applyOutputTransform(offset: Int = 0, count n: Int, recordMask: Bool) {
    guard let transform = layer.outputTransform, let q = quantizedOutput else { return }
    let total = n * outCount
    let raw = output.pointer + offset * outCount
    let quantized = q.pointer + offset * outCount
    quantized.update(from: raw, count: total)
    if recordMask, let mask = outputMask {
      let range = transform.clipRange
      clipMask(
        raw, lower: range.lowerBound, upper: range.upperBound,
        into: mask.pointer + offset * outCount, count: total)
    }
    transform.fakeQuantize(UnsafeMutableBufferPointer(start: quantized, count: total))
  }

  /// STE through the output transform: zero the gradient where the output was clipped.
  /// `g` holds samples `offset..<offset + n`.
  func maskOutputGradient(_ g: UnsafeMutablePointer<Float>, offset: Int = 0, count n: Int) {
    if let mask = outputMask {
      multiplyInPlace(g, by: mask.pointer + offset * outCount, count: n * outCount)
    }
  }
}
