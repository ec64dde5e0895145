import Quantization
import StepLanguage
import Testing

/// The registry's bit widths per method (`MethodBits`, which the checker and docs/STEPS.md
/// use) are exactly the widths the engine's quantizers accept: for every width from -1 to
/// 17, the quantizer succeeds if and only if the registry allows it.
@Suite struct BitWidthAgreementTests {
  static let weights: [Float] = [-0.9, -0.3, 0, 0.1, 0.4, 0.8, -0.05, 0.6]
  static let shape = [4, 2]

  /// Whether the engine quantizes `weights` with `method` at `bits`.
  static func engineAccepts(method: String, scheme: String, bits: Int) -> Bool {
    let quantizer: WeightQuantization
    switch method {
    case "linear":
      quantizer = .linear(LinearQuantizer(bits: bits, scheme: scheme == "symmetric" ? .symmetric : .asymmetric))
    case "log2": quantizer = .logarithmic(LogQuantizer(bits: bits))
    case "kmeans": quantizer = .kMeans(KMeansQuantizer(bits: bits))
    // Binary and ternary take no width: they always store 1 and 2 bits.
    case "binary": return bits == WeightQuantization.binary(BinaryQuantizer()).bits
    case "ternary": return bits == WeightQuantization.ternary(TernaryQuantizer()).bits
    default: return false
    }
    return (try? quantizer.quantize(weights, shape: shape)) != nil
  }

  @Test(arguments: MethodBits.all)
  func registryMatchesEngine(_ entry: MethodBits) {
    for scheme in entry.scheme.map({ [$0] }) ?? ["symmetric", "asymmetric"] {
      for bits in -1...17 {
        let allowed = MethodBits.range(method: entry.method, scheme: scheme)?.contains(Double(bits)) ?? false
        #expect(
          Self.engineAccepts(method: entry.method, scheme: scheme, bits: bits) == allowed,
          "\(entry.method) \(scheme) \(bits) bits: registry \(allowed ? "allows" : "refuses") it")
      }
    }
  }

  /// Activations are quantized asymmetric linear, with the registry's `activation_bits` range.
  @Test func activationBitsMatchTheEngine() throws {
    let range = try #require(StepRegistry.standard["quantize"]?.parameter("activation_bits")?.range)
    #expect(Set((-1...17).filter { range.contains(Double($0)) }) == Set(supportedLinearBits))
  }

  /// Every method of the language has a row.
  @Test func everyMethodHasBitWidths() {
    for method in EnumType.method.cases {
      #expect(MethodBits.range(method: method, scheme: "symmetric") != nil, "\(method)")
      #expect(MethodBits.range(method: method, scheme: "asymmetric") != nil, "\(method)")
    }
  }
}
