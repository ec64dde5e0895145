import TensorEngine

/// The weight hook of quantization-aware training for a recurrent layer whose weights are
/// packed `[inputWidth + hidden, gates·hidden]` (the kernel's rows, then the recurrent
/// kernel's). Forward uses the two matrices fake-quantized exactly as
/// `QuantizedRecurrentWeights` quantizes them (symmetric, per output column, each matrix on its
/// own); backward is the identity straight-through estimator (no weight is clipped).
public struct RecurrentWeightQuantizationHook: WeightFakeQuantizer {
  public let hidden: Int
  /// 8 or 4.
  public let bits: Int

  public init(hidden: Int, bits: Int) throws {
    guard bits == 8 || bits == 4, hidden >= 1 else {
      throw QuantizationError(
        .invalidArgument, "recurrent QAT: bits must be 8 or 4 and hidden >= 1")
    }
    self.hidden = hidden
    self.bits = bits
  }

  public func fakeQuantize(_ weights: [Float], shape: [Int]) -> [Float] {
    guard shape.count == 2, shape[0] > hidden, weights.count == shape[0] * shape[1] else {
      return weights
    }
    let split = (shape[0] - hidden) * shape[1]
    let quantizer = LinearQuantizer(bits: bits, scheme: .symmetric, granularity: .perChannel)
    guard
      let kernel = try? quantizer.quantize(
        Array(weights[..<split]), shape: [shape[0] - hidden, shape[1]]),
      let recurrent = try? quantizer.quantize(
        Array(weights[split...]), shape: [hidden, shape[1]])
    else { return weights }  // non-finite weights: the training loop stops on its loss
    return kernel.values + recurrent.values
  }
}
