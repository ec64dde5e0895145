import QuantizationMethods
import TensorEngine

/// How to quantize a model's activations (the outputs of its layers).
public struct ActivationQuantization: Sendable, Hashable {
  /// Bits of every activation (1...8 or 16).
  public var bits: Int
  /// How each layer's range is chosen from the calibration histogram.
  public var calibration: CalibrationMethod
  /// Asymmetric per tensor by default (TFLite's activation scheme).
  public var scheme: QuantizationScheme
  /// Histogram bins per layer (a multiple of 4).
  public var binCount: Int

  public init(
    bits: Int = 8, calibration: CalibrationMethod = .minMax,
    scheme: QuantizationScheme = .asymmetric, binCount: Int = 2048
  ) {
    self.bits = bits
    self.calibration = calibration
    self.scheme = scheme
    self.binCount = binCount
  }
}

/// Everything that describes one quantization of a float model.
///
/// Layer indices (`layerBits`, `floatLayers`) refer to the layers of the model as given,
/// before batch-norm folding removes layers.
public struct QuantizationConfig: Sendable, Hashable {
  /// The method for every conv and dense weight tensor (biases stay float: they become
  /// int32 in the integer engine, whose rounding is far below the weight error).
  public var weights: WeightQuantization
  /// Mixed precision: a bit width for particular layers, overriding `weights.bits`.
  public var layerBits: [Int: Int]
  /// Conv/dense layers left in float.
  public var floatLayers: Set<Int>
  /// Activation quantization; nil quantizes weights only.
  public var activations: ActivationQuantization?
  /// Discretise input pixels to this many bits (1...8) before the first layer; nil keeps
  /// the model's own input encoding.
  public var inputBits: Int?
  /// Fold each batch norm into the conv/dense right before it (when that layer has no
  /// activation of its own) before quantizing.
  public var foldBatchNorm: Bool
  /// Images of the calibration split used for activation ranges.
  public var calibrationSamples: Int

  public init(
    weights: WeightQuantization = .int8PerChannel, layerBits: [Int: Int] = [:],
    floatLayers: Set<Int> = [], activations: ActivationQuantization? = nil,
    inputBits: Int? = nil, foldBatchNorm: Bool = true, calibrationSamples: Int = 512
  ) {
    self.weights = weights
    self.layerBits = layerBits
    self.floatLayers = floatLayers
    self.activations = activations
    self.inputBits = inputBits
    self.foldBatchNorm = foldBatchNorm
    self.calibrationSamples = calibrationSamples
  }

  /// The weight method for source layer `index` (with its mixed-precision bit width).
  public func weightMethod(forLayer index: Int) -> WeightQuantization {
    layerBits[index].map { weights.withBits($0) } ?? weights
  }

  /// Checks ranges that do not depend on the model; thrown messages name the setting.
  func validate() throws {
    if let bits = inputBits, !(1...8).contains(bits) {
      throw QuantizationError(
        .invalidArgument, "quantization config: input bits must be in 1...8, got \(bits)")
    }
    if let a = activations {
      try QuantizationError.checkBits(
        a.bits, allowed: supportedLinearBits, in: "activation quantization")
      if a.scheme == .symmetric && a.bits == 1 {
        throw QuantizationError(
          .unsupported, "activation quantization: symmetric needs at least 2 bits")
      }
      _ = try ActivationHistogram(binCount: a.binCount)
    }
    guard calibrationSamples > 0 else {
      throw QuantizationError(
        .invalidArgument,
        "quantization config: calibration samples must be positive, got \(calibrationSamples)")
    }
  }
}
