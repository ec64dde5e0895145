import Kernels

extension InferencePlan {
  /// The step for the embedding at layer `i` and the recurrent layer right after it, or nil
  /// when the layers are not arranged so (or the embedding has an output hook, whose
  /// fake-quantized values the token table would not see): `RecurrentInferenceWeights` of
  /// the weights the forward pass uses (fake-quantized by a weight hook, as in
  /// `forwardWeights`), input `[steps]` tokens, output `[units]`, the recurrent layer's
  /// output hook.
  static func embeddedRecurrent(_ model: Sequential, embedding i: Int) -> InferenceStep? {
    let layers = model.layers
    guard i + 1 < layers.count, layers[i].outputTransform == nil,
      case .embedding(let vocabulary, let inputWidth) = layers[i].kind,
      case .recurrent(let cell, let units) = layers[i + 1].kind,
      let bias = layers[i + 1].bias?.data
    else { return nil }
    let steps = model.inputShape(ofLayer: i).reduce(1, *)
    let weights = RecurrentInferenceWeights(
      cell: cell, steps: steps, embedding: forwardWeights(layers[i]), vocabulary: vocabulary,
      inputWidth: inputWidth, hidden: units, weights: forwardWeights(layers[i + 1]), bias: bias)
    return InferenceStep(
      operation: .recurrent(weights), inCount: steps, outCount: units,
      outputTransform: layers[i + 1].outputTransform, layer: i + 1)
  }
}
