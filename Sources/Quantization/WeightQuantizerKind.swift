/// The kinds of weight quantizer, with the bit widths each accepts: the engine's one table of
/// widths. The quantizers' preconditions read it (`LogQuantizer`, `KMeansQuantizer`,
/// `LinearParameters`), and a runner test proves it equals the language's `MethodBits` for
/// every method and scheme (the engine cannot import the language, nor the language the engine).
///
/// | kind | scheme | bits |
/// |---|---|---|
/// | linear | symmetric | 2...8, 16 (1 bit has no grid −s, 0, s) |
/// | linear | asymmetric | 1...8, 16 |
/// | logarithmic | any | 2...8 (a sign bit and an exponent code) |
/// | kMeans | any | 1...8 (a codebook of at most 256 values) |
/// | binary | any | 1 |
/// | ternary | any | 2 |
public enum WeightQuantizerKind: String, Sendable, Hashable, CaseIterable {
  case linear, logarithmic, kMeans, binary, ternary

  /// The bit widths this kind accepts with `scheme` (only linear depends on the scheme).
  public func supportedBits(scheme: QuantizationScheme) -> [Int] {
    switch self {
    case .linear:
      switch scheme {
      case .symmetric: return supportedLinearBits.filter { $0 >= 2 }
      case .asymmetric: return supportedLinearBits
      }
    case .logarithmic: return Array(2...8)
    case .kMeans: return Array(1...8)
    case .binary: return [1]
    case .ternary: return [2]
    }
  }
}

extension WeightQuantization {
  /// The kind of quantizer this value holds.
  public var kind: WeightQuantizerKind {
    switch self {
    case .linear: return .linear
    case .logarithmic: return .logarithmic
    case .kMeans: return .kMeans
    case .binary: return .binary
    case .ternary: return .ternary
    }
  }
}
