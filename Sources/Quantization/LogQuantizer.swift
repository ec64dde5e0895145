import Foundation
import QuantizationMethods

/// Logarithmic (power-of-two) quantization: levels 0 and ±2^e, shared by the tensor.
///
/// With b bits one bit holds the sign and the other b − 1 bits an exponent code; one
/// magnitude code is kept for 0, leaving L = 2^(b−1) − 1 exponents
/// e ∈ [eMax − L + 1, eMax] with eMax = round(log2 max|w|) (exponents below Float's
/// normal range, −126, are dropped). So 2 bits give {−2^eMax, 0, 2^eMax} and 4 bits give
/// 0 and ±7 powers of two. Each weight goes to the nearest level in the linear domain.
/// Multiplying by a level is a shift, which is why hardware likes this grid.
/// Packed size: ceil(count · b / 8) bytes plus one byte for eMax.
public struct LogQuantizer: Sendable, Hashable {
  public var bits: Int

  /// - Parameter bits: 2...8.
  public init(bits: Int) {
    self.bits = bits
  }

  /// The sorted levels for a tensor whose largest magnitude is `maxMagnitude`.
  public func levels(maxMagnitude: Float) throws -> [Float] {
    try QuantizationError.checkBits(
      bits, allowed: MethodBits.bits(method: .log2, scheme: .symmetric),
      in: "logarithmic quantization")
    guard maxMagnitude > 0 else { return [0] }
    let eMax = Int(log2(maxMagnitude).rounded())
    let count = (1 << (bits - 1)) - 1
    let eMin = max(eMax - count + 1, -126)
    let magnitudes = (eMin...eMax).map { Float(sign: .plus, exponent: $0, significand: 1) }
    return magnitudes.reversed().map { -$0 } + [0] + magnitudes
  }

  public func quantize(_ weights: [Float], shape: [Int]) throws -> QuantizedWeights {
    try checkWeights(weights, shape: shape, in: "logarithmic quantization")
    let maxMagnitude = weights.reduce(Float(0)) { max($0, $1.magnitude) }
    let book = Codebook(sortedLevels: try levels(maxMagnitude: maxMagnitude))
    return try book.quantize(weights, shape: shape, method: .logarithmic, bits: bits, extraBytes: 1)
  }
}
