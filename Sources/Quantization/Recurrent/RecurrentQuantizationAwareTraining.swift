import TensorEngine

/// `model` with the fake quantizers of `quantizeRecurrent` at `bits` in its forward pass:
/// the embedding and the dense head per class (`WeightQuantizationHook` of
/// `WeightQuantization.recurrentEmbedding` and `recurrentColumns(bits)`: backward the identity
/// straight-through estimator), the recurrent layer's W and U per column
/// (`RecurrentWeightQuantizationHook`).
/// - Throws: for bits other than 8 and 4 or a model that is not embedding → cell → dense.
public func recurrentQuantizationHooks(_ model: Sequential, bits: Int) throws -> Sequential {
  let (at, plain, float) = try RecurrentModelLayers.parts(model)
  var hooked = plain
  try hooked.setTransforms(
    layer: at.embedding, weights: WeightQuantizationHook(.recurrentEmbedding), output: nil)
  try hooked.setTransforms(
    layer: at.recurrent,
    weights: try RecurrentWeightQuantizationHook(hidden: float.recurrent.hidden, bits: bits),
    output: nil)
  try hooked.setTransforms(
    layer: at.dense,
    weights: WeightQuantizationHook(.recurrentColumns(bits)), output: nil)
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
) throws -> QuantizationAwareTrainingResult<RecurrentModelQuantization> {
  let hooked = try recurrentQuantizationHooks(model, bits: bits)
  let result = try train(
    hooked, on: split, validation: validation, options: options, clock: clock, progress: progress)
  let tuned = try result.model.withoutHooks()
  let quantized = try quantizeRecurrent(
    tuned, bits: bits, activations: activations, calibration: calibration ?? split,
    samples: samples)
  return QuantizationAwareTrainingResult(
    quantized: quantized, float: tuned, history: result.history)
}
