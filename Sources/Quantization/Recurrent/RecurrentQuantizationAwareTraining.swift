import TensorEngine

/// The weight hook of quantization-aware training for an embedding table `[vocabulary, width]`:
/// forward uses the table on the int8 affine per-tensor grid over its current [min, max] (as
/// `quantizeRecurrent` and the integer engine hold it); backward is the identity
/// straight-through estimator.
public struct EmbeddingWeightQuantizationHook: WeightFakeQuantizer {
  public init() {}

  public func fakeQuantize(_ weights: [Float], shape: [Int]) -> [Float] {
    let quantizer = LinearQuantizer(bits: 8, scheme: .asymmetric, granularity: .perTensor)
    guard let q = try? quantizer.quantize(weights, shape: shape) else {
      return weights  // non-finite weights: the training loop stops on its loss
    }
    return q.values
  }
}

/// A word model fine-tuned with its weights fake-quantized, the result quantized post-training.
public struct RecurrentQuantizationAwareTrainingResult: Sendable {
  public var quantized: RecurrentModelQuantization
  /// The fine-tuned float weights (no hooks).
  public var float: Sequential
  public var history: History
}

/// `model` with the fake quantizers of `quantizeRecurrent` at `bits` in its forward pass:
/// the embedding (`EmbeddingWeightQuantizationHook`), the recurrent layer's W and U per column
/// (`RecurrentWeightQuantizationHook`) and the dense head per class (`WeightQuantizationHook`).
/// - Throws: for bits other than 8 and 4 or a model that is not embedding → cell → dense.
public func recurrentQuantizationHooks(_ model: Sequential, bits: Int) throws -> Sequential {
  guard let at = try RecurrentModelLayers(model) else {
    throw QuantizationError(.unsupported, "the model has no embedding or recurrent layer")
  }
  guard case .recurrent(_, let units) = model.layers[at.recurrent].kind else {
    throw QuantizationError(.unsupported, "layer \(at.recurrent) is not recurrent")
  }
  var hooked = model
  for i in hooked.layers.indices { try hooked.setTransforms(layer: i, weights: nil, output: nil) }
  try hooked.setTransforms(
    layer: at.embedding, weights: EmbeddingWeightQuantizationHook(), output: nil)
  try hooked.setTransforms(
    layer: at.recurrent, weights: try RecurrentWeightQuantizationHook(hidden: units, bits: bits),
    output: nil)
  try hooked.setTransforms(
    layer: at.dense,
    weights: WeightQuantizationHook(
      .linear(LinearQuantizer(bits: bits, scheme: .symmetric, granularity: .perChannel))),
    output: nil)
  return hooked
}

/// Quantization-aware training of a word model: trains `recurrentQuantizationHooks(model)` on
/// `split` with `options` (straight-through estimator), removes the hooks, and quantizes the
/// fine-tuned weights with `quantizeRecurrent` (activations calibrated on `calibration`, else
/// `split`, when `activations` is given).
public func trainRecurrentQuantizationAware(
  _ model: Sequential, bits: Int, activations: CalibrationMethod? = nil, on split: Split,
  validation: Split? = nil, calibration: Split? = nil, samples: Int = 1000,
  options: TrainingOptions, clock: (() -> Double)? = nil,
  progress: (TrainingProgress) -> Void = { _ in }
) throws -> RecurrentQuantizationAwareTrainingResult {
  let hooked = try recurrentQuantizationHooks(model, bits: bits)
  let result = try train(
    hooked, on: split, validation: validation, options: options, clock: clock, progress: progress)
  var tuned = result.model
  for i in tuned.layers.indices { try tuned.setTransforms(layer: i, weights: nil, output: nil) }
  let quantized = try quantizeRecurrent(
    tuned, bits: bits, activations: activations, calibration: calibration ?? split,
    samples: samples)
  return RecurrentQuantizationAwareTrainingResult(
    quantized: quantized, float: tuned, history: result.history)
}
