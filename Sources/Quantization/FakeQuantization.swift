import QuantizationMethods

/// Anything that quantizes a weight tensor: the common face of the quantizers.
///
/// In quantization-aware training the forward pass uses `quantize(w).values`, and the
/// backward pass treats Q as the identity (straight-through estimator): ∂L/∂w = ∂L/∂Q(w).
public protocol WeightQuantizer: Sendable {
  /// Quantizes row-major `weights` of `shape` (output channel on the quantizer's axis).
  func quantize(_ weights: [Float], shape: [Int]) throws -> QuantizedWeights
  /// Bits per weight code (binary 1, ternary 2).
  var bits: Int { get }
}

extension LinearQuantizer: WeightQuantizer {}
extension LogQuantizer: WeightQuantizer {}
extension KMeansQuantizer: WeightQuantizer {}
extension BinaryQuantizer: WeightQuantizer {}
extension TernaryQuantizer: WeightQuantizer {}

/// Fake quantization of an activation tensor with a fixed per-tensor range.
///
/// Forward: y = scale · (clamp(round(x / scale) + z, qmin, qmax) − z), with the grid of
/// `LinearParameters(min:max:bits:scheme:)` over the calibrated range.
/// Backward (straight-through with clipping): ∂L/∂x = ∂L/∂y where x lies inside the
/// representable range [value(qmin), value(qmax)], 0 outside.
public struct ActivationQuantizer: Sendable, Hashable {
  public var parameters: LinearParameters
  public var bits: Int

  /// - Parameters:
  ///   - range: the clipping range (from `ActivationHistogram.calibrate`).
  ///   - scheme: asymmetric by default, as TFLite does for activations.
  public init(range: ClosedRange<Float>, bits: Int, scheme: QuantizationScheme = .asymmetric) throws
  {
    parameters = try LinearParameters(
      min: range.lowerBound, max: range.upperBound, bits: bits, scheme: scheme)
    self.bits = bits
  }
}
