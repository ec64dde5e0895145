import Kernels
import TensorEngine

/// The engine's weight hook for quantization-aware training: forward uses Q(w), backward
/// passes the gradient straight through (no mask: the identity STE for weights).
///
/// The hook cannot throw; weights that cannot be quantized (NaN after a diverging step) are
/// passed through unchanged, and the training loop then stops on its non-finite loss.
public struct WeightQuantizationHook: WeightFakeQuantizer {
  public var method: WeightQuantization

  public init(_ method: WeightQuantization) {
    self.method = method
  }

  public func fakeQuantize(_ weights: [Float], shape: [Int]) -> [Float] {
    (try? method.quantize(weights, shape: shape).values) ?? weights
  }
}

/// `ActivationQuantizer` is the engine's activation hook: fake quantization in place, with
/// the gradient zeroed outside the representable range.
extension ActivationQuantizer: TensorEngine.ActivationFakeQuantizer {
  public func fakeQuantize(_ values: UnsafeMutableBufferPointer<Float>) {
    guard let base = values.baseAddress else { return }
    let p = parameters
    Kernels.fakeQuantize(
      base, count: values.count, scale: p.scale, zeroPoint: Float(p.zeroPoint),
      codes: Float(p.codes.lowerBound)...Float(p.codes.upperBound))
  }

  public var clipRange: ClosedRange<Float> { parameters.clipRange }
}
