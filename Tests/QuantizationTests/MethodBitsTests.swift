import QuantizationMethods
import Testing

@testable import Quantization

/// The quantizers' preconditions read the one bit-width table (`MethodBits`): for every method,
/// scheme and width from -1 to 17, quantizing succeeds exactly when the table lists the width.
@Suite struct MethodBitsTests {
  static let weights: [Float] = [-0.9, -0.3, 0, 0.1, 0.4, 0.8, -0.05, 0.6]
  static let widths = Array(-1...17)

  /// Whether the engine quantizes `weights` (4 x 2) with `method` at `bits`.
  static func engineAccepts(_ method: WeightQuantizerKind, _ scheme: QuantizationScheme, bits: Int)
    -> Bool
  {
    let quantizer: WeightQuantization
    switch method {
    case .linear: quantizer = .linear(LinearQuantizer(bits: bits, scheme: scheme))
    case .log2: quantizer = .logarithmic(LogQuantizer(bits: bits))
    case .kmeans: quantizer = .kMeans(KMeansQuantizer(bits: bits))
    // Binary and ternary take no width: they always store 1 and 2 bits.
    case .binary: return bits == WeightQuantization.binary(BinaryQuantizer()).bits
    case .ternary: return bits == WeightQuantization.ternary(TernaryQuantizer()).bits
    }
    return (try? quantizer.quantize(weights, shape: [4, 2])) != nil
  }

  @Test(arguments: WeightQuantizerKind.allCases, QuantizationScheme.allCases)
  func quantizersAcceptExactlyTheTablesWidths(
    _ method: WeightQuantizerKind, _ scheme: QuantizationScheme
  ) {
    let allowed = Set(MethodBits.bits(method: method, scheme: scheme))
    for bits in Self.widths {
      #expect(
        Self.engineAccepts(method, scheme, bits: bits) == allowed.contains(bits),
        Comment(
          rawValue: "\(method) \(scheme) \(bits) bits: the table "
            + "\(allowed.contains(bits) ? "allows" : "refuses") it"))
    }
  }

  /// The rows of each method are disjoint ascending ranges, and a method whose rows depend on
  /// the scheme has one row per scheme.
  @Test(arguments: WeightQuantizerKind.allCases)
  func rowsAreWellFormed(_ method: WeightQuantizerKind) {
    let rows = MethodBits.rows(of: method)
    for row in rows {
      #expect(zip(row.widths, row.widths.dropFirst()).allSatisfy { $0.upperBound < $1.lowerBound })
    }
    let schemes = rows.compactMap(\.scheme)
    #expect(rows.count == 1 ? schemes.isEmpty : Set(schemes) == Set(QuantizationScheme.allCases))
  }
}
