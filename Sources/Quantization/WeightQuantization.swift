/// A weight quantization method with its settings, as a plain value (hashable, so it can
/// key a cache and sit in a configuration).
public enum WeightQuantization: Sendable, Hashable, CustomStringConvertible {
  case linear(LinearQuantizer)
  case logarithmic(LogQuantizer)
  case kMeans(KMeansQuantizer)
  case binary(BinaryQuantizer)
  case ternary(TernaryQuantizer)

  /// Linear symmetric per-channel int8: the TFLite weight scheme.
  public static let int8PerChannel = WeightQuantization.linear(LinearQuantizer(bits: 8))

  /// The quantizer this value describes.
  public var quantizer: any WeightQuantizer {
    switch self {
    case .linear(let q): return q
    case .logarithmic(let q): return q
    case .kMeans(let q): return q
    case .binary(let q): return q
    case .ternary(let q): return q
    }
  }

  /// Bits per weight code (binary 1, ternary 2).
  public var bits: Int { quantizer.bits }

  /// The same method at another bit width (binary and ternary keep theirs).
  public func withBits(_ bits: Int) -> WeightQuantization {
    switch self {
    case .linear(var q):
      q.bits = bits
      return .linear(q)
    case .logarithmic(var q):
      q.bits = bits
      return .logarithmic(q)
    case .kMeans(var q):
      q.bits = bits
      return .kMeans(q)
    case .binary, .ternary:
      return self
    }
  }

  /// Quantizes `weights` of `shape` with this method.
  public func quantize(_ weights: [Float], shape: [Int]) throws -> QuantizedWeights {
    try quantizer.quantize(weights, shape: shape)
  }

  public var description: String {
    switch self {
    case .linear(let q):
      return "\(q.bits)-bit \(QuantizationMethod.linear(q.scheme, q.granularity))"
    case .logarithmic(let q): return "\(q.bits)-bit logarithmic"
    case .kMeans(let q): return "\(q.bits)-bit k-means"
    case .binary: return "binary"
    case .ternary(let q): return "ternary (t = \(q.thresholdFactor))"
    }
  }
}
