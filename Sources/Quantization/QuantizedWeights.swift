import QuantizationMethods

/// Which quantizer produced a `QuantizedWeights`, with its settings.
public enum QuantizationMethod: Sendable, Hashable, CustomStringConvertible {
  /// Uniform affine grid (`LinearQuantizer`).
  case linear(QuantizationScheme, QuantizationGranularity)
  /// Power-of-two levels ±2^e and 0 (`LogQuantizer`).
  case logarithmic
  /// A learned codebook of at most 2^bits shared values (`KMeansQuantizer`).
  case kMeans
  /// sign(w) · mean|w| per output channel (`BinaryQuantizer`).
  case binary
  /// {−a, 0, a} per output channel with threshold t · mean|w| (`TernaryQuantizer`).
  case ternary(thresholdFactor: Float)

  public var description: String {
    switch self {
    case .linear(let scheme, let granularity):
      switch granularity {
      case .perTensor: return "linear \(scheme.rawValue) per tensor"
      case .perChannel: return "linear \(scheme.rawValue) per channel"
      case .perGroup(let size): return "linear \(scheme.rawValue) per group of \(size)"
      }
    case .logarithmic: return "logarithmic (power of two)"
    case .kMeans: return "k-means codebook"
    case .binary: return "binary"
    case .ternary(let t): return "ternary (threshold \(t)·mean|w|)"
    }
  }

  /// True when values are `codebook[code]` rather than `scale · (code − zeroPoint)`.
  public var usesCodebook: Bool {
    switch self {
    case .logarithmic, .kMeans: return true
    default: return false
    }
  }
}

/// A quantized weight tensor: the fake-quant values and everything the quantizer chose.
///
/// How to read it back:
/// - affine methods (linear, binary, ternary): `values[i] = scales[g] · (codes[i] −
///   zeroPoints[g])` with g = `groups.group(ofElement: i)`. Binary codes are ±1, ternary
///   codes −1, 0, 1 (zero points 0).
/// - codebook methods (logarithmic, k-means): `values[i] = codebook[codes[i]]`; `scales`
///   and `zeroPoints` are empty.
public struct QuantizedWeights: Sendable {
  public var method: QuantizationMethod
  /// Bits per stored code (ternary stores 2).
  public var bits: Int
  /// Shape, channel axis and group split of the tensor.
  public var groups: QuantizationGroups
  /// The dequantized (fake-quant) values Q(w), same shape as the input.
  public var values: [Float]
  /// The integer code of each element (see the type's documentation).
  public var codes: [Int32]
  /// One scale per group (`groups.groupCount`); empty for codebook methods.
  public var scales: [Float]
  /// One zero point per group; empty for codebook methods.
  public var zeroPoints: [Int32]
  /// The shared values of codebook methods, ascending; empty otherwise.
  public var codebook: [Float]
  /// The allowed code range (for codebook methods, 0...codebook.count − 1).
  public var codeRange: ClosedRange<Int32>
  /// Fraction of input values that were clipped: outside their group's [lowest, highest]
  /// level, widened by half a step for linear grids (values there still round to the end
  /// level with error ≤ scale/2, as the nudged zero point may leave them).
  public var clippedFraction: Double
  /// Storage: ceil(count · bits / 8) bytes of codes plus metadata (4 bytes per float32
  /// scale, 4 per int32 zero point for asymmetric grids, 4 per k-means codebook entry, 1 for
  /// the logarithmic grid's top exponent).
  public var packedByteCount: Int

  public var shape: [Int] { groups.shape }
  /// Bytes of the same tensor in float32.
  public var float32ByteCount: Int { values.count * 4 }
  /// float32 bytes / packed bytes.
  public var compressionRatio: Double { Double(float32ByteCount) / Double(packedByteCount) }

  /// The representable levels of group `group`, ascending.
  public func levels(ofGroup group: Int) -> [Float] {
    switch method {
    case .logarithmic, .kMeans:
      return codebook
    case .binary:
      return [-scales[group], scales[group]].sorted()
    case .ternary:
      return [-scales[group], 0, scales[group]].sorted()
    case .linear:
      return LinearParameters(
        scale: scales[group], zeroPoint: zeroPoints[group], codes: codeRange
      ).levels
    }
  }

  /// The group with the largest scale (0 for codebook methods): its levels span the widest
  /// range, which is what a histogram of the whole tensor should draw.
  public var widestGroup: Int {
    scales.indices.max(by: { scales[$0] < scales[$1] }) ?? 0
  }
}

/// Bytes needed for `count` codes of `bits` bits each, packed without padding between codes.
public func packedCodeBytes(count: Int, bits: Int) -> Int { (count * bits + 7) / 8 }

/// Fraction of `values` that lie outside their group's level range.
func clippedFraction(
  _ values: [Float], groups: QuantizationGroups, ranges: [ClosedRange<Float>]
) -> Double {
  guard !values.isEmpty else { return 0 }
  var clipped = 0
  for (i, x) in values.enumerated() where !ranges[groups.group(ofElement: i)].contains(x) {
    clipped += 1
  }
  return Double(clipped) / Double(values.count)
}

/// Rejects empty or non-finite weights with a message naming the caller.
func checkWeights(_ values: [Float], shape: [Int], in place: String) throws {
  guard !values.isEmpty else {
    throw QuantizationError(.emptyInput, "\(place): the weight tensor is empty")
  }
  guard shape.reduce(1, *) == values.count else {
    throw QuantizationError(
      .shapeMismatch, "\(place): shape \(shape) does not hold \(values.count) values")
  }
  if let bad = values.firstIndex(where: { !$0.isFinite }) {
    throw QuantizationError(
      .invalidArgument, "\(place): weight \(bad) is \(values[bad]); quantize finite values only")
  }
}
