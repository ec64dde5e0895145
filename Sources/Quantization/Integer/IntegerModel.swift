import Kernels
import TensorEngine

// The integer engine's model: a quantized CNN whose every multiply-add is int8 x int8 (or
// int8 x int4) into int32, as TFLite and gemmlowp run it.
//
// Activations are int8 on an affine grid per tensor, `real = s * (q - z)` (`LinearParameters`);
// weights are symmetric per output channel, `real = s_w[c] * q`; the bias of channel c is int32
// on the accumulator's grid `s_in * s_w[c]`. A conv or dense layer computes
//   acc[c] = sum_k (x[k] - z_in) * w[c, k]                    (exact int32)
//   y[c]   = clamp(z_out + M[c] * (acc[c] + bias[c]), lo, hi)  (M[c] = s_in * s_w[c] / s_out)
// where `M * .` is the fixed-point multiplier and shift of `RequantizationStage` (rounding rule
// `integerRequantizationRoundingRule`), and a fused ReLU is `lo = z_out`.

/// The one rounding rule of requantization in the integer engine, for reports.
public let integerRequantizationRoundingRule = requantizationRoundingRule

/// A quantized CNN that runs in integer arithmetic (see the file comment for the formulas).
///
/// Build one from a `QuantizedModel` with `init(converting:)`, run it with
/// `run(on:batchSize:threads:useReferenceKernels:)`, save it with `serialized()`.
public struct IntegerModel: Sendable {
  /// Per-sample input shape, `[H, W, C]`.
  public let inputShape: [Int]
  /// Pixels to first-layer codes.
  public let input: IntegerInputEncoding
  /// The layers in order (dropout and a final softmax are left out: identity and monotone).
  public let layers: [IntegerLayer]
  /// How the final codes become real logits.
  public let output: IntegerOutputEncoding

  /// Per-sample output shape (the logits).
  public var outputShape: [Int] { layers.last?.outputShape ?? inputShape }
  /// Logits per sample.
  public var classCount: Int { outputShape.reduce(1, *) }
  /// Bytes of packed weights (int4: half a byte per weight) and int32 biases.
  public var parameterByteCount: Int {
    layers.reduce(0) { total, layer in
      var bytes = 4 * layer.bias.count
      if let w = layer.weights { bytes += (w.outputChannels * w.depth * w.bits + 7) / 8 }
      return total + bytes
    }
  }

  /// Checks that the layers chain (shapes, zero points, channel counts) and derives `output`.
  /// - Throws: `QuantizationError` naming the first inconsistent layer.
  public init(inputShape: [Int], input: IntegerInputEncoding, layers: [IntegerLayer]) throws {
    guard inputShape.count == 3, inputShape.allSatisfy({ $0 >= 1 }) else {
      throw QuantizationError(
        .shapeMismatch, "integer model: input shape \(inputShape) must be [H, W, C], positive")
    }
    var shape = inputShape
    var grid: IntegerOutputEncoding = .int8(input.grid)
    for (i, layer) in layers.enumerated() {
      let at = "integer model layer \(i)"
      guard case .int8(let inputGrid) = grid else {
        throw QuantizationError(
          .unsupported,
          "\(at): follows a layer with int32 outputs; only the last layer may have them")
      }
      guard layer.inputShape == shape, layer.inputZeroPoint == inputGrid.zeroPoint else {
        throw QuantizationError(
          .shapeMismatch,
          "\(at): expects input \(layer.inputShape) with zero point \(layer.inputZeroPoint), "
            + "gets \(shape) with zero point \(inputGrid.zeroPoint)")
      }
      try layer.validate(at)
      shape = layer.outputShape
      switch layer.output {
      case .requantized(_, let g): grid = .int8(g)
      case .accumulators(let scales): grid = .int32(scales: scales)
      case nil: break
      }
    }
    self.inputShape = inputShape
    self.input = input
    self.layers = layers
    self.output = grid
  }
}

extension IntegerLayer {
  /// Checks this layer's own consistency: the output shape its operation implies, weight and
  /// bias sizes, and its output stage.
  func validate(_ at: String) throws {
    func fail(_ message: String) -> QuantizationError {
      QuantizationError(.shapeMismatch, "\(at) (\(operation)): \(message)")
    }
    guard (-128...127).contains(inputZeroPoint) else { throw fail("input zero point out of int8") }
    var expected: [Int]
    var channels: Int? = nil
    switch operation {
    case .conv2d, .maxPool:
      guard inputShape.count == 3, let g = geometry(batch: 1) else { throw fail("needs [H, W, C]") }
      guard g.outHeight >= 1, g.outWidth >= 1, g.strideX >= 1, g.kernelHeight >= 1,
        g.padTop >= 0, g.padLeft >= 0, g.padTop < g.kernelHeight, g.padLeft < g.kernelWidth
      else { throw fail("the window does not fit input \(inputShape)") }
      if case .conv2d(let kernel, _, _, _, let bottom, let right) = operation {
        guard bottom >= 0, right >= 0, bottom < kernel, right < kernel else {
          throw fail("padding must be smaller than the kernel")
        }
        guard let w = weights, w.depth == g.patchSize else {
          throw fail("weights must have depth \(g.patchSize)")
        }
        expected = [g.outHeight, g.outWidth, w.outputChannels]
        channels = w.outputChannels
      } else {
        expected = [g.outHeight, g.outWidth, inputShape[2]]
      }
    case .dense:
      guard let w = weights, w.depth == inputCount else {
        throw fail("weights must have depth \(inputCount)")
      }
      expected = [w.outputChannels]
      channels = w.outputChannels
    case .requantize:
      expected = inputShape
      channels = inputShape.last
    case .flatten:
      expected = [inputCount]
    }
    guard outputShape == expected else {
      throw fail("output shape \(outputShape), expected \(expected)")
    }
    let hasWeights = if case .conv2d = operation { true } else { operation == .dense }
    guard hasWeights == (weights != nil), bias.count == (hasWeights ? channels ?? 0 : 0) else {
      throw fail("weights and bias do not match the operation")
    }
    switch output {
    case .requantized(let stage, let grid):
      guard let channels, stage.channels == channels, stage.outputZeroPoint == grid.zeroPoint,
        grid.scale.isFinite, grid.scale > 0, grid.codes.lowerBound >= -128,
        grid.codes.upperBound <= 127, Int32(stage.outputMin) >= grid.codes.lowerBound,
        Int32(stage.outputMax) <= grid.codes.upperBound
      else { throw fail("the requantization stage does not match the channels or grid") }
    case .accumulators(let scales):
      guard hasWeights, scales.count == channels, scales.allSatisfy({ $0.isFinite && $0 > 0 })
      else {
        throw fail("int32 outputs need one positive scale per channel")
      }
    case nil:
      guard channels == nil else { throw fail("needs an output stage") }
    }
  }
}
