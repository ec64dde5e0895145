import QuantizationMethods

/// Symmetric or asymmetric uniform affine quantization.
///
/// Both use `real = scale · (q − zeroPoint)` with integer q in a code range:
/// - `symmetric`: zeroPoint = 0 and q ∈ [−(2^(b−1) − 1), 2^(b−1) − 1] (int8: [−127, 127]),
///   scale = max|x| / (2^(b−1) − 1). The most negative code is left out so the grid is
///   symmetric. 2 bits give the three levels {−s, 0, s}; 1 bit has no symmetric grid that
///   holds 0, so it is rejected (use `asymmetric`, or `BinaryQuantizer`).
/// - `asymmetric`: signed codes q ∈ [−2^(b−1), 2^(b−1) − 1] (int8 style: [−128, 127]; 1 bit:
///   [−1, 0]). The range [min, max] is first widened to hold 0, scale = (max − min) /
///   (2^b − 1), and the zero point qmin − min/scale is rounded to the nearest integer
///   (nudged) and clamped into the code range, so real 0 maps exactly to code zeroPoint.
extension QuantizationScheme {
  /// The integer code range for `bits` bits.
  public func codeRange(bits: Int) -> ClosedRange<Int32> {
    let half = Int32(1) << Int32(bits - 1)
    switch self {
    case .symmetric: return -(half - 1)...(half - 1)
    case .asymmetric: return -half...(half - 1)
    }
  }
}

/// One group's affine parameters: `real = scale · (q − zeroPoint)`, q ∈ `codes`.
public struct LinearParameters: Sendable, Hashable {
  public var scale: Float
  public var zeroPoint: Int32
  public var codes: ClosedRange<Int32>

  public init(scale: Float, zeroPoint: Int32, codes: ClosedRange<Int32>) {
    self.scale = scale
    self.zeroPoint = zeroPoint
    self.codes = codes
  }

  /// Parameters that cover [min, max] (widened to hold 0) with `bits` bits.
  ///
  /// A range of zero width (all values 0) gets scale 1, so every value maps to code
  /// zeroPoint and dequantizes to exactly 0.
  public init(min: Float, max: Float, bits: Int, scheme: QuantizationScheme) throws {
    try QuantizationError.checkBits(bits, allowed: supportedLinearBits, in: "linear quantization")
    guard min.isFinite, max.isFinite, min <= max else {
      throw QuantizationError(
        .invalidArgument, "linear quantization: range [\(min), \(max)] must be finite and ordered")
    }
    if scheme == .symmetric && bits == 1 {
      throw QuantizationError(
        .unsupported,
        "linear quantization: symmetric needs at least 2 bits (levels -s, 0, s); "
          + "use scheme asymmetric or the binary quantizer for 1 bit")
    }
    let codes = scheme.codeRange(bits: bits)
    let qmin = Float(codes.lowerBound)
    let qmax = Float(codes.upperBound)
    let low = Swift.min(min, 0)
    let high = Swift.max(max, 0)
    switch scheme {
    case .symmetric:
      let bound = Swift.max(-low, high)
      let scale = bound > 0 ? bound / qmax : 1
      self.init(scale: scale, zeroPoint: 0, codes: codes)
    case .asymmetric:
      guard high > low else {
        self.init(scale: 1, zeroPoint: 0, codes: codes)
        return
      }
      let scale = (high - low) / (qmax - qmin)
      let zero = (qmin - low / scale).rounded(.toNearestOrAwayFromZero)
      let clamped = Swift.min(Swift.max(zero, qmin), qmax)
      self.init(scale: scale, zeroPoint: Int32(clamped), codes: codes)
    }
  }

  /// The integer code of `x`: clamp(round(x / scale) + zeroPoint, codes).
  @inline(__always)
  func code(_ x: Float, _ rounder: inout Rounder) -> Int32 {
    let q = rounder.round(x / scale) + Float(zeroPoint)
    let clamped = Swift.min(Swift.max(q, Float(codes.lowerBound)), Float(codes.upperBound))
    return Int32(clamped)
  }

  /// The code of `x` rounded to nearest, ties away from zero.
  public func code(_ x: Float) -> Int32 {
    var rounder = Rounder(.nearestAwayFromZero)
    return code(x, &rounder)
  }

  /// The real value of code `q`: scale · (q − zeroPoint).
  @inline(__always)
  public func value(_ q: Int32) -> Float { scale * Float(q - zeroPoint) }

  /// The representable range [value(qmin), value(qmax)]; values outside are clipped.
  public var clipRange: ClosedRange<Float> { value(codes.lowerBound)...value(codes.upperBound) }

  /// The values that round to a level rather than saturate: the clip range widened by
  /// half a step at each end. Quantization error is at most scale/2 exactly inside it.
  public var roundingRange: ClosedRange<Float> {
    (clipRange.lowerBound - scale / 2)...(clipRange.upperBound + scale / 2)
  }

  /// Every representable level, ascending.
  public var levels: [Float] { (codes.lowerBound...codes.upperBound).map(value) }
}
