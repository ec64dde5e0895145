/// Quantization hooks: the Quantization module plugs fake quantizers into a model's layers.
///
/// - Weights: `Layer.weightTransform` is applied to the float weights before every forward
///   pass. The backward pass is the straight-through estimator (STE): the gradient computed
///   for the transformed weights is applied to the float weights unchanged, or multiplied by
///   `gradientMask` where the quantizer reports one (0 where a weight was clipped).
/// - Activations: `Layer.outputTransform` is applied to the layer's output (after its
///   activation) in place; the next layer sees the transformed values. Backward is the STE,
///   with the gradient zeroed where the untransformed output lay outside `clipRange`.
///
/// Both are also applied at inference (`Sequential.predict`, `evaluate`, `layerOutputs`), so a
/// model carrying them behaves as its quantized counterpart would.

/// Fake quantization of a weight tensor (quantize then dequantize, in Float).
public protocol WeightFakeQuantizer: Sendable {
  /// The fake-quantized weights, same count and order as `weights` (shape as `Layer.weights`).
  func fakeQuantize(_ weights: [Float], shape: [Int]) -> [Float]
  /// Optional STE mask: 1 where the gradient passes, 0 where the weight was clipped; nil
  /// (the default) lets every gradient pass.
  func gradientMask(_ weights: [Float], shape: [Int]) -> [Float]?
}

extension WeightFakeQuantizer {
  public func gradientMask(_ weights: [Float], shape: [Int]) -> [Float]? { nil }
}

/// Fake quantization of a layer's output activations.
public protocol ActivationFakeQuantizer: Sendable {
  /// Replaces each value by its fake-quantized value, in place. `values` holds a batch:
  /// `batch x (per-sample output shape)`, row-major.
  func fakeQuantize(_ values: UnsafeMutableBufferPointer<Float>)
  /// Outputs outside this range are clipped by the quantizer, so their gradient is zeroed.
  var clipRange: ClosedRange<Float> { get }
}

/// How `UInt8` pixels become network inputs: `x = p * scale`, after optional discretisation
/// of the pixel to `bits` bits: `p' = round(p / 255 * (2^bits - 1)) * 255 / (2^bits - 1)`.
public struct InputEncoding: Sendable, Equatable {
  /// Multiplier from pixel value to input (default `1 / 255`, as Keras recipes divide by 255).
  public var scale: Float
  /// When set (1...8), pixels are first rounded to `2^bits` evenly spaced levels.
  public var bits: Int?

  public init(scale: Float = 1.0 / 255.0, bits: Int? = nil) {
    self.scale = scale
    self.bits = bits
  }

  /// The input value for every pixel value 0...255.
  public var table: [Float] {
    (0..<256).map { p in
      var v = Float(p)
      if let bits, bits >= 1 && bits < 8 {
        let levels = Float((1 << bits) - 1)
        v = (v / 255 * levels).rounded(.toNearestOrEven) * 255 / levels
      }
      return v * scale
    }
  }

  /// Encodes pixels to inputs, same count and order.
  public func encode(_ pixels: [UInt8]) -> [Float] {
    let t = table
    return pixels.map { t[Int($0)] }
  }
}
