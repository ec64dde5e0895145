import Kernels
import TensorEngine

/// Where a word model (`embedding → rnn / gru / lstm → dense`) keeps the layers that
/// quantization touches: indices into `Sequential.layers`.
public struct RecurrentModelLayers: Sendable, Equatable {
  public var embedding: Int
  public var recurrent: Int
  public var dense: Int

  /// The layers of `model`; nil when it has no embedding and no recurrent layer (a CNN).
  /// - Throws: `QuantizationError.unsupported` for a recurrent model of another shape.
  public init?(_ model: Sequential) throws {
    guard model.hasRecurrentLayers else { return nil }
    _ = try RecurrentClassifierWeights(model)  // checks embedding → cell → dense
    let kinds = model.layers.map(\.kind)
    guard
      let e = kinds.firstIndex(where: { if case .embedding = $0 { true } else { false } }),
      let r = kinds.firstIndex(where: { if case .recurrent = $0 { true } else { false } }),
      let d = kinds.lastIndex(where: { if case .dense = $0 { true } else { false } })
    else { throw QuantizationError(.unsupported, "not an embedding → recurrent → dense model") }
    embedding = e
    recurrent = r
    dense = d
  }

  /// The layers of a word model, the model without hooks and the classifier it holds.
  /// - Throws: `QuantizationError.unsupported` for a model that is not embedding → cell → dense.
  static func parts(_ model: Sequential) throws -> (
    at: RecurrentModelLayers, plain: Sequential, float: RecurrentClassifierWeights
  ) {
    guard let at = try RecurrentModelLayers(model) else {
      throw QuantizationError(.unsupported, "the model has no embedding or recurrent layer")
    }
    let plain = try model.withoutHooks()
    return (at, plain, try RecurrentClassifierWeights(plain))
  }
}

extension Sequential {
  /// True when a layer is an embedding or a recurrent layer (a model that reads tokens).
  public var hasRecurrentLayers: Bool {
    layers.contains { layer in
      switch layer.kind {
      case .embedding, .recurrent: return true
      default: return false
      }
    }
  }
}

extension WeightQuantization {
  /// A word model's embedding table: int8 affine per tensor over the table's [min, max] (as
  /// `quantizeRecurrent` and the integer engine hold it).
  public static let recurrentEmbedding = WeightQuantization.linear(
    LinearQuantizer(bits: 8, scheme: .asymmetric, granularity: .perTensor))

  /// A word model's recurrent matrices and dense head: symmetric per output column at `bits`.
  public static func recurrentColumns(_ bits: Int) -> WeightQuantization {
    .linear(LinearQuantizer(bits: bits, scheme: .symmetric, granularity: .perChannel))
  }
}

/// The tokens `[count, steps]` of the first `limit` samples of a token split as the recurrent
/// engine reads them (`steps` = the sample size, 16 for the word set), and each sequence's
/// length (the first padding token, 0, ends it).
public func recurrentBatch(_ split: Split, limit: Int? = nil) -> (
  tokens: [Int32], lengths: [Int], steps: Int
) {
  let steps = split.imageSize
  let count = min(limit ?? split.count, split.count)
  let tokens = split.images[0..<(count * steps)].map { Int32($0) }
  let lengths = stride(from: 0, to: tokens.count, by: steps).map { start in
    var length = 0
    while length < steps && tokens[start + length] != 0 { length += 1 }
    return length
  }
  return (tokens, lengths, steps)
}

/// A word model quantized post-training: the fake-quant float model with its per-layer
/// records and, when activations are quantized, the calibrated classifier whose simulation
/// (`RecurrentSimulation`) and integer engine (`IntegerRecurrentClassifier`) run it.
public struct RecurrentModelQuantization: Sendable {
  public var quantized: QuantizedModel
  public var classifier: QuantizedRecurrentClassifier?
}

/// Quantizes a word model as the integer recurrent engine does (docs/RECURRENT-QUANTIZATION.md):
/// the embedding int8 affine per tensor over its [min, max]; the recurrent layer's kernel W
/// `[in, gates·hidden]` and recurrent kernel U `[hidden, gates·hidden]` symmetric per output
/// column at `bits` (8 or 4); the dense head symmetric per class at `bits`; biases float here
/// (int32 on the accumulator grids when converted).
///
/// With `activations`, the classifier is calibrated on the first `samples` words of
/// `calibration` (x, each gate's input, h and the LSTM's c) and `QuantizedModel.config`
/// records 8-bit activations.
/// - Throws: for bits other than 8 and 4, a model that is not embedding → cell → dense, or
///   activations without a calibration split.
public func quantizeRecurrent(
  _ model: Sequential, bits: Int, activations: CalibrationMethod? = nil,
  calibration: Split? = nil, samples: Int = 1000
) throws -> RecurrentModelQuantization {
  let (at, plain, float) = try RecurrentModelLayers.parts(model)
  let embeddingMethod = WeightQuantization.recurrentEmbedding
  let columnMethod = WeightQuantization.recurrentColumns(bits)
  let table = try embeddingMethod.quantize(
    float.embedding, shape: [float.vocabulary, float.embeddingWidth])
  let cell = try QuantizedRecurrentWeights(float.recurrent, bits: bits)
  let head = try columnMethod.quantize(float.dense, shape: [float.recurrent.hidden, float.classes])
  var quantized = plain
  func set(_ index: Int, _ values: [Float]) throws {
    let layer = plain.layers[index]
    try quantized.setParameters(
      layer: index, weights: try Tensor(shape: layer.weights!.shape, data: values),
      bias: layer.bias)
  }
  try set(at.embedding, table.values)
  try set(at.recurrent, cell.kernel.values + cell.recurrent.values)
  try set(at.dense, head.values)
  let name = plain.layers[at.recurrent].kind.name
  let parts: [(Int, String, WeightQuantization, QuantizedWeights, [Float])] = [
    (at.embedding, "embedding", embeddingMethod, table, float.embedding),
    (at.recurrent, "\(name) W (input)", columnMethod, cell.kernel, float.recurrent.kernel),
    (
      at.recurrent, "\(name) U (recurrent)", columnMethod, cell.recurrent,
      float.recurrent.recurrentKernel
    ),
    (at.dense, "dense", columnMethod, head, float.dense),
  ]
  let records = try parts.map { index, label, method, q, original in
    LayerQuantizationRecord(
      layerIndex: index, sourceLayerIndex: index, name: label, method: method, weights: q,
      metrics: try q.errorMetrics(original: original), foldedBatchNorm: false,
      activationRange: nil)
  }
  let biases = plain.layers.reduce(0) { $0 + ($1.bias?.count ?? 0) }
  var classifier: QuantizedRecurrentClassifier?
  var settings: ActivationQuantization?
  if let activations {
    let calibration = try requiredCalibration(calibration)
    guard calibration.imageShape == model.inputShape else {
      throw QuantizationError(
        .shapeMismatch,
        "the calibration samples are \(calibration.imageShape) but the model reads "
          + "\(model.inputShape) tokens")
    }
    let batch = recurrentBatch(calibration, limit: samples)
    classifier = try QuantizedRecurrentClassifier(
      float, bits: bits, calibration: batch.tokens, lengths: batch.lengths, steps: batch.steps,
      method: activations)
    settings = ActivationQuantization(bits: 8, calibration: activations, scheme: .symmetric)
  }
  let config = QuantizationConfig(
    weights: columnMethod, activations: settings, foldBatchNorm: false,
    calibrationSamples: samples)
  let result = QuantizedModel(
    model: quantized, config: config, layers: records,
    activationRanges: [CalibrationResult?](repeating: nil, count: plain.layers.count),
    foldedBatchNorms: 0, float32ByteCount: 4 * model.parameterCount,
    packedByteCount: records.reduce(4 * biases) { $0 + $1.weights.packedByteCount })
  return RecurrentModelQuantization(quantized: result, classifier: classifier)
}
