import TensorEngine

/// What happened to one conv or dense layer.
public struct LayerQuantizationRecord: Sendable {
  /// Index in `QuantizedModel.model` (after batch-norm folding).
  public var layerIndex: Int
  /// Index of the same layer in the model as given.
  public var sourceLayerIndex: Int
  /// Layer kind name (`conv2d`, `dense`).
  public var name: String
  /// The method used (with this layer's bit width).
  public var method: WeightQuantization
  /// The quantized weights: values, codes, scales, zero points, levels, packed size.
  public var weights: QuantizedWeights
  /// MSE, SQNR, max error, clipped fraction and histograms against the float weights.
  public var metrics: QuantizationErrorMetrics
  /// True when batch norm was folded into these weights before quantizing.
  public var foldedBatchNorm: Bool
  /// The layer output's calibrated range, when activations are quantized.
  public var activationRange: CalibrationResult?
}

/// A float model whose conv and dense weights hold their fake-quant values Q(w), with the
/// per-layer record of how they were quantized.
///
/// `model` runs through the ordinary engine (`evaluate`, `predict`): weights are Q(w), and
/// with activation quantization each selected layer's output passes its fake quantizer.
public struct QuantizedModel: Sendable {
  public var model: Sequential
  public var config: QuantizationConfig
  /// One record per quantized conv/dense layer, in layer order.
  public var layers: [LayerQuantizationRecord]
  /// Calibrated output range of every layer of `model` (nil where not quantized).
  public var activationRanges: [CalibrationResult?]
  /// Batch-norm layers folded away.
  public var foldedBatchNorms: Int
  /// Bytes of all parameters of the source model as float32.
  public var float32ByteCount: Int
  /// Bytes of the quantized model: packed weights with their metadata, plus every other
  /// parameter (biases, unfolded batch norms, float layers) at 4 bytes.
  public var packedByteCount: Int

  /// float32 bytes / packed bytes.
  public var compressionRatio: Double {
    Double(float32ByteCount) / Double(Swift.max(packedByteCount, 1))
  }
}

/// Quantizes `model` post-training according to `config`.
///
/// Steps: fold batch norms (if asked), discretise the input encoding (if asked), replace each
/// conv/dense weight tensor by Q(w) with its layer's method, then (if asked) calibrate every
/// layer's output range on the first `config.calibrationSamples` images of `calibration` and
/// attach activation quantizers.
/// - Throws: when activations are requested without a calibration split, or on bad settings.
public func quantize(
  _ model: Sequential, config: QuantizationConfig, calibration: Split? = nil, threads: Int = 1
) throws -> QuantizedModel {
  try config.validate()
  return try quantizePrepared(
    try PreparedModel(model, folding: config.foldBatchNorm), sourceModel: model, config: config,
    calibration: calibration, threads: threads)
}

func quantizePrepared(
  _ prepared: PreparedModel, sourceModel: Sequential, config: QuantizationConfig,
  calibration: Split?, threads: Int
) throws -> QuantizedModel {
  var quantized = try prepared.model.withoutHooks(inputBits: config.inputBits)
  var records: [LayerQuantizationRecord] = []
  var packed = 0
  for (i, layer) in quantized.layers.enumerated() {
    let source = prepared.sourceIndex[i]
    packed += 4 * (layer.bias?.count ?? 0)
    guard let weights = layer.weights else { continue }
    guard isWeightLayer(layer.kind), !config.floatLayers.contains(source) else {
      packed += 4 * weights.count
      continue
    }
    let method = config.weightMethod(forLayer: source)
    let q = try quantizeLayerWeights(weights, with: method, layer: source, kind: layer.kind)
    try quantized.setParameters(
      layer: i, weights: try Tensor(shape: weights.shape, data: q.values), bias: layer.bias)
    packed += q.packedByteCount
    records.append(
      LayerQuantizationRecord(
        layerIndex: i, sourceLayerIndex: source, name: layer.kind.name, method: method, weights: q,
        metrics: try q.errorMetrics(original: weights.data), foldedBatchNorm: prepared.folded[i],
        activationRange: nil))
  }
  var ranges = [CalibrationResult?](repeating: nil, count: quantized.layers.count)
  if let settings = config.activations {
    let calibration = try requiredCalibration(calibration)
    // Ranges are observed on the prepared float model, then attached to the quantized one.
    var float = try prepared.model.withoutHooks(inputBits: config.inputBits)
    ranges = try attachActivationQuantizers(
      to: &float, settings: settings, calibration: calibration,
      samples: config.calibrationSamples, threads: threads)
    for (i, range) in ranges.enumerated() {
      guard let range else { continue }
      let quantizer = try ActivationQuantizer(
        range: range.range, bits: settings.bits, scheme: settings.scheme)
      try quantized.setTransforms(layer: i, weights: nil, output: quantizer)
    }
    for r in records.indices { records[r].activationRange = ranges[records[r].layerIndex] }
  }
  return QuantizedModel(
    model: quantized, config: config, layers: records, activationRanges: ranges,
    foldedBatchNorms: prepared.foldedCount, float32ByteCount: 4 * sourceModel.parameterCount,
    packedByteCount: packed)
}

/// The calibration split activation quantization needs, or the error that asks for one.
func requiredCalibration(_ split: Split?) throws -> Split {
  guard let split else {
    throw QuantizationError(
      .invalidArgument,
      "activation quantization needs a calibration split; pass one, or quantize weights only")
  }
  return split
}

/// Conv and dense layers carry the weights that get quantized.
func isWeightLayer(_ kind: LayerKind) -> Bool {
  switch kind {
  case .conv2d, .dense: return true
  default: return false
  }
}

extension Sequential {
  /// The model with every layer's weight and output hooks removed and, when `inputBits` is
  /// given, its input discretised to that many bits: the plain float model quantization and
  /// quantization-aware training start from.
  func withoutHooks(inputBits: Int? = nil) throws -> Sequential {
    var plain = self
    for i in plain.layers.indices { try plain.setTransforms(layer: i, weights: nil, output: nil) }
    if let inputBits { plain.inputEncoding.bits = inputBits }
    return plain
  }
}

/// `method.quantize` on a layer's weights, a refusal naming the layer as given:
/// `layer <source> (<kind>): <message>`.
func quantizeLayerWeights(
  _ weights: Tensor, with method: WeightQuantization, layer source: Int, kind: LayerKind
) throws -> QuantizedWeights {
  do {
    return try method.quantize(weights.data, shape: weights.shape)
  } catch let error as QuantizationError {
    throw QuantizationError(error.kind, "layer \(source) (\(kind.name)): \(error.message)")
  }
}
