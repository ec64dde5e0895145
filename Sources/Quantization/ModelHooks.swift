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
    let p = parameters
    let inverse = 1 / p.scale
    let qmin = Float(p.codes.lowerBound)
    let qmax = Float(p.codes.upperBound)
    let zero = Float(p.zeroPoint)
    for i in values.indices {
      // x · (1/scale) instead of x / scale keeps divisions out of this hot loop; it can
      // differ from `LinearParameters.code` by one ulp before rounding.
      let q = Swift.min(
        Swift.max((values[i] * inverse).rounded(.toNearestOrAwayFromZero) + zero, qmin), qmax)
      values[i] = p.scale * (q - zero)
    }
  }

  public var clipRange: ClosedRange<Float> { parameters.clipRange }
}
