import Kernels
import TensorEngine

extension RecurrentClassifierWeights {
  /// The classifier a float word model holds: `embedding → rnn / gru / lstm → dense` (dropout
  /// layers, identity at inference, and a softmax, monotone, may sit between or after them).
  /// - Throws: `QuantizationError.unsupported` for any other layer sequence.
  public init(_ model: Sequential) throws {
    let layers = model.layers.filter { layer in
      switch layer.kind {
      case .dropout: return false
      case .activation(let a): return a != .softmax && a != .linear
      default: return true
      }
    }
    guard layers.count == 3, case .embedding(let vocabulary, let width) = layers[0].kind,
      case .recurrent(let cell, let units) = layers[1].kind, case .dense = layers[2].kind,
      layers[2].kind.activation == .softmax || layers[2].kind.activation == .linear,
      let table = layers[0].weights, let packed = layers[1].weights,
      let packedBias = layers[1].bias, let dense = layers[2].weights,
      let denseBias = layers[2].bias
    else {
      throw QuantizationError(
        .unsupported,
        "the integer recurrent engine runs embedding → rnn/gru/lstm → dense models; this one is "
          + model.layers.map(\.kind.name).joined(separator: " → "))
    }
    let recurrent = RecurrentCellWeights(
      cell: cell, inputWidth: width, hidden: units, packed: packed.data, bias: packedBias.data)
    try self.init(
      vocabulary: vocabulary, embeddingWidth: width, embedding: table.data, recurrent: recurrent,
      classes: dense.shape[1], dense: dense.data, denseBias: denseBias.data)
  }
}
