import Kernels

/// A word classifier quantized for the integer engine, and its fake-quant simulation.
///
/// - embedding: int8 affine per tensor over the table's own [min, max] (every input of the
///   recurrent layer is a table row, so this is its input grid, and the lookup is exact);
/// - recurrent layer: `QuantizedRecurrentLayer` at `bits` (8 or 4), h and c grids calibrated;
/// - dense head: symmetric per class at `bits`, int32 bias on `s_h·s_D[c]`, logits
///   `s_h·s_D[c]·(acc + bias)` (int32 accumulators, no requantization).
public struct QuantizedRecurrentClassifier: Sendable {
  public let float: RecurrentClassifierWeights
  public let embeddingGrid: LinearParameters
  public let layer: QuantizedRecurrentLayer
  public let dense: QuantizedWeights
  /// The calibration's observations (for range tables).
  public let ranges: RecurrentActivationRanges

  /// Post-training quantization calibrated on `tokens` (`[count, steps]`, `lengths`).
  public init(
    _ float: RecurrentClassifierWeights, bits: Int, calibration tokens: [Int32], lengths: [Int],
    steps: Int, method: CalibrationMethod = .minMax
  ) throws {
    try float.validate(tokens, lengths: lengths, steps: steps)
    let low = float.embedding.min() ?? 0
    let high = float.embedding.max() ?? 0
    embeddingGrid = try LinearParameters(min: low, max: high, bits: 8, scheme: .asymmetric)
    let inputs = try lengths.enumerated().flatMap { b, length in
      try float.embedded(tokens, b, steps: steps, length: length)
    }
    ranges = try RecurrentActivationRanges(
      float.recurrent, inputs: inputs, lengths: lengths, steps: steps)
    let weights = try QuantizedRecurrentWeights(float.recurrent, bits: bits)
    layer = try ranges.quantize(weights, method: method, inputGrid: embeddingGrid)
    dense = try LinearQuantizer(bits: bits, scheme: .symmetric, granularity: .perChannel)
      .quantize(float.dense, shape: [float.recurrent.hidden, float.classes])
    self.float = float
  }

  public var bits: Int { layer.weights.bits }

  /// `s_h·s_D[c]`: the logits' scale per class.
  public var logitScales: [Double] {
    dense.scales.map { Double(layer.stateScale) * Double($0) }
  }

  /// The head's bias on the accumulator grid, as the integer engine holds it.
  var denseBiasCodes: [Int32] {
    zip(float.denseBias, logitScales).map { b, s in
      Int32(clamping: Int64((Double(b) / s).rounded(.toNearestOrAwayFromZero)))
    }
  }

  /// The simulation's logits `[count, classes]`: the embedding's fake-quant rows through
  /// `RecurrentSimulation` with this layer, then the head on the quantized h and weights.
  public func simulatedLogits(tokens: [Int32], lengths: [Int], steps: Int) throws -> [Double] {
    try float.logits(
      tokens: tokens, lengths: lengths, steps: steps, quantized: layer, weights: dense.values,
      bias: zip(denseBiasCodes, logitScales).map { Double($0) * $1 })
  }

  /// Per-gate and per-step error of the simulation against the float layer on a batch.
  public func errorReport(tokens: [Int32], lengths: [Int], steps: Int) throws
    -> RecurrentErrorReport
  {
    try float.validate(tokens, lengths: lengths, steps: steps)
    let inputs = try lengths.enumerated().flatMap { b, length in
      try float.embedded(tokens, b, steps: steps, length: length)
    }
    return try RecurrentErrorReport(
      float: float.recurrent, quantized: layer, inputs: inputs, lengths: lengths, steps: steps)
  }
}
