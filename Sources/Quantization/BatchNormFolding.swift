import TensorEngine

/// A model prepared for quantization: batch norms folded, with a map back to the layers of
/// the model as given.
struct PreparedModel: Sendable {
  var model: Sequential
  /// For each layer of `model`, the index of the same layer in the source model.
  var sourceIndex: [Int]
  /// For each layer of `model`, whether a batch norm was folded into it.
  var folded: [Bool]

  /// Number of batch-norm layers folded away.
  var foldedCount: Int { folded.filter { $0 }.count }
}

extension PreparedModel {
  /// `model` with its batch norms folded (`foldBatchNorms`) when `folding`, else as it is.
  init(_ model: Sequential, folding: Bool) throws {
    guard !folding else {
      self = try foldBatchNorms(model)
      return
    }
    self.init(
      model: model, sourceIndex: Array(model.layers.indices),
      folded: Array(repeating: false, count: model.layers.count))
  }
}

/// Folds every batch norm that directly follows a conv or dense layer without activation
/// into that layer, and removes it.
///
/// The math is TensorEngine's `BatchNormFold` (shared with the inference path):
/// W'[…, c] = W[…, c] · γ_c / σ_c and b'_c = (b_c − μ_c) · γ_c / σ_c + β_c with
/// σ_c = sqrt(runningVariance_c + ε). At inference the folded layer computes exactly what the
/// pair did (up to float rounding). A batch norm
/// after an activation (conv with relu, then batch norm) cannot be folded and is kept.
func foldBatchNorms(_ model: Sequential) throws -> PreparedModel {
  var layers: [Layer] = []
  var sourceIndex: [Int] = []
  var folded: [Bool] = []
  var i = 0
  let source = model.layers
  while i < source.count {
    let pair = i + 1 < source.count && canFold(source[i], into: source[i + 1])
    layers.append(pair ? try fold(source[i], source[i + 1]) : source[i])
    sourceIndex.append(i)
    folded.append(pair)
    i += pair ? 2 : 1
  }
  let prepared = try Sequential(
    inputShape: model.inputShape, layers: layers, inputEncoding: model.inputEncoding)
  return PreparedModel(model: prepared, sourceIndex: sourceIndex, folded: folded)
}

private func canFold(_ layer: Layer, into next: Layer) -> Bool {
  guard case .batchNorm = next.kind, layer.kind.activation == .linear else { return false }
  switch layer.kind {
  case .conv2d, .dense: return layer.weights != nil && next.runningMean != nil
  default: return false
  }
}

private func fold(_ layer: Layer, _ norm: Layer) throws -> Layer {
  guard case .batchNorm(_, let epsilon) = norm.kind, let w = layer.weights,
    let gamma = norm.weights?.data, let beta = norm.bias?.data,
    let mean = norm.runningMean?.data, let variance = norm.runningVariance?.data
  else {
    throw QuantizationError(.shapeMismatch, "batch-norm folding: the layer pair lacks parameters")
  }
  let channels = w.shape.last ?? 0
  guard gamma.count == channels else {
    throw QuantizationError(
      .shapeMismatch,
      "batch-norm folding: \(gamma.count) batch-norm channels after \(channels) outputs")
  }
  let (weights, newBias) = BatchNormFold.fold(
    weights: w.data, bias: layer.bias?.data, gamma: gamma, beta: beta, mean: mean,
    variance: variance, epsilon: epsilon)
  var result = layer
  result.weights = try Tensor(shape: w.shape, data: weights)
  result.bias = try Tensor(shape: [channels], data: newBias)
  return result
}
