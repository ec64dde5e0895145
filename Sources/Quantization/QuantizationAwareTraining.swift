import TensorEngine

/// A model fine-tuned with fake quantization in the loop, and its training history.
public struct QuantizationAwareTrainingResult<Quantized: Sendable>: Sendable {
  /// The fine-tuned model, quantized with the same configuration (`QuantizedModel`; for a
  /// word model, `RecurrentModelQuantization`).
  public var quantized: Quantized
  /// The fine-tuned float weights (no hooks), for comparison or further work.
  public var float: Sequential
  public var history: History
}

/// Quantization-aware training: fine-tunes a trained float `model` with every conv/dense
/// weight fake-quantized in the forward pass (straight-through backward), then quantizes
/// the result with `config`.
///
/// Steps: fold batch norms (if `config` says so: folded layers train as one); discretise the
/// input encoding (if asked); when activations are quantized, calibrate their ranges on
/// `calibration` (default: the training split) and keep them fixed while training, the
/// gradient zeroed outside each range; train with the engine's `train` and `options`
/// (any optimiser); remove the hooks; quantize the fine-tuned weights post-training with
/// `config`, re-calibrating activation ranges on the same split.
public func trainQuantizationAware(
  _ model: Sequential, config: QuantizationConfig, on split: Split, validation: Split? = nil,
  calibration: Split? = nil, options: TrainingOptions, clock: (() -> Double)? = nil,
  progress: (TrainingProgress) -> Void = { _ in }
) throws -> QuantizationAwareTrainingResult<QuantizedModel> {
  try config.validate()
  let prepared = try PreparedModel(model, folding: config.foldBatchNorm)
  var training = try prepared.model.withoutHooks(inputBits: config.inputBits)
  let calibrationSplit = calibration ?? split
  if let settings = config.activations {
    _ = try attachActivationQuantizers(
      to: &training, settings: settings, calibration: calibrationSplit,
      samples: config.calibrationSamples, threads: options.threads)
  }
  for (i, layer) in training.layers.enumerated() where isWeightLayer(layer.kind) {
    let source = prepared.sourceIndex[i]
    guard !config.floatLayers.contains(source), let w = layer.weights else { continue }
    let method = config.weightMethod(forLayer: source)
    // Fail here, not silently in the hook.
    _ = try quantizeLayerWeights(w, with: method, layer: source, kind: layer.kind)
    try training.setTransforms(
      layer: i, weights: WeightQuantizationHook(method), output: layer.outputTransform)
  }
  let result = try train(
    training, on: split, validation: validation, options: options, clock: clock, progress: progress)
  var tuned = try result.model.withoutHooks()
  tuned.inputEncoding = prepared.model.inputEncoding
  let tunedPrepared = PreparedModel(
    model: tuned, sourceIndex: prepared.sourceIndex, folded: prepared.folded)
  let quantized = try quantizePrepared(
    tunedPrepared, sourceModel: model, config: config, calibration: calibrationSplit,
    threads: options.threads)
  return QuantizationAwareTrainingResult(
    quantized: quantized, float: tuned, history: result.history)
}
