import TensorEngine

/// The effect of quantizing one layer alone.
public struct LayerSensitivity: Sendable, Equatable {
  /// Index of the layer in the model as given.
  public var layerIndex: Int
  public var name: String
  public var bits: Int
  /// SQNR of the layer's weights at that width, in dB.
  public var sqnrDecibels: Double
  /// Accuracy with only this layer quantized.
  public var accuracy: Double
  /// Float accuracy minus `accuracy`.
  public var accuracyDrop: Double
  /// Fraction of predictions equal to the float model's.
  public var agreement: Double
}

/// Quantizes one conv/dense layer at a time with `weights` (every other layer stays float,
/// batch norms are folded as `foldBatchNorm` says) and reports the accuracy drop of each.
///
/// - Returns: one entry per conv/dense layer, in layer order.
public func sensitivitySweep(
  _ model: Sequential, on split: Split, weights: WeightQuantization, foldBatchNorm: Bool = true,
  threads: Int = 1
) throws -> [LayerSensitivity] {
  let reference = try evaluate(model, on: split, threads: threads)
  let candidates = model.layers.indices.filter { isWeightLayer(model.layers[$0].kind) }
  var results: [LayerSensitivity] = []
  for index in candidates {
    let config = QuantizationConfig(
      weights: weights, floatLayers: Set(candidates).subtracting([index]),
      foldBatchNorm: foldBatchNorm)
    let q = try quantize(model, config: config, threads: threads)
    let e = try evaluate(q.model, on: split, threads: threads)
    let record = q.layers.first { $0.sourceLayerIndex == index }
    results.append(
      LayerSensitivity(
        layerIndex: index, name: model.layers[index].kind.name, bits: weights.bits,
        sqnrDecibels: record?.metrics.sqnrDecibels ?? .infinity, accuracy: e.accuracy,
        accuracyDrop: reference.accuracy - e.accuracy,
        agreement: Evaluation.agreement(reference.predictions, e.predictions)))
  }
  return results
}
