import Quantization
import StepLanguage
import Testing

@testable import NotebookRunner

/// The registry's bit widths per method (`MethodBits`, which the checker, the runner's
/// `checkBits` and docs/STEPS.md use) are exactly the engine's (`WeightQuantizerKind
/// .supportedBits`, which the quantizers' preconditions use): the tables agree, and for every
/// width from -1 to 17 the quantizer succeeds if and only if the registry allows it.
@Suite struct BitWidthAgreementTests {
  static let weights: [Float] = [-0.9, -0.3, 0, 0.1, 0.4, 0.8, -0.05, 0.6]
  static let shape = [4, 2]
  static let widths = Array(-1...17)

  /// Whether the engine quantizes `weights` with `method` at `bits`.
  static func engineAccepts(method: Constant.Method, scheme: Constant.Scheme, bits: Int) -> Bool {
    let quantizer: WeightQuantization
    switch method {
    case .linear: quantizer = .linear(LinearQuantizer(bits: bits, scheme: scheme.engine))
    case .log2: quantizer = .logarithmic(LogQuantizer(bits: bits))
    case .kmeans: quantizer = .kMeans(KMeansQuantizer(bits: bits))
    // Binary and ternary take no width: they always store 1 and 2 bits.
    case .binary: return bits == WeightQuantization.binary(BinaryQuantizer()).bits
    case .ternary: return bits == WeightQuantization.ternary(TernaryQuantizer()).bits
    }
    return (try? quantizer.quantize(weights, shape: shape)) != nil
  }

  /// The registry's widths for `method` and `scheme`, as a set.
  static func registryBits(_ method: Constant.Method, _ scheme: Constant.Scheme) -> Set<Int> {
    Set(widths.filter { MethodBits.range(method: method, scheme: scheme).contains(Double($0)) })
  }

  @Test(arguments: Constant.Method.allCases, Constant.Scheme.allCases)
  func registryTableEqualsEngineTable(_ method: Constant.Method, _ scheme: Constant.Scheme) {
    #expect(
      Self.registryBits(method, scheme) == Set(method.engine.supportedBits(scheme: scheme.engine)))
  }

  @Test(arguments: Constant.Method.allCases, Constant.Scheme.allCases)
  func registryMatchesEngineBehaviour(_ method: Constant.Method, _ scheme: Constant.Scheme) {
    let allowed = Self.registryBits(method, scheme)
    for bits in Self.widths {
      #expect(
        Self.engineAccepts(method: method, scheme: scheme, bits: bits) == allowed.contains(bits),
        Comment(
          rawValue: "\(method) \(scheme) \(bits) bits: registry "
            + "\(allowed.contains(bits) ? "allows" : "refuses") it"))
    }
  }

  /// The runner's mapping from language methods to engine kinds is one-to-one and onto.
  @Test func everyEngineKindHasOneMethod() {
    #expect(
      Constant.Method.allCases.map(\.engine).sorted { $0.rawValue < $1.rawValue }
        == WeightQuantizerKind.allCases.sorted { $0.rawValue < $1.rawValue })
  }

  /// Activations are quantized asymmetric linear, with the registry's `activation_bits` range.
  @Test func activationBitsMatchTheEngine() throws {
    let range = try #require(StepRegistry.standard["quantize"]?.parameter("activation_bits")?.range)
    #expect(Set(Self.widths.filter { range.contains(Double($0)) }) == Set(supportedLinearBits))
  }
}
