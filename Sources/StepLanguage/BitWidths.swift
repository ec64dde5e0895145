/// The bit widths each quantization method accepts, defined once. The checker reports a
/// width outside them at the argument, the runner checks them again before it calls the
/// engine, docs/STEPS.md lists them, and a runner test proves the engine accepts exactly
/// these widths.
///
/// | method | scheme | bits |
/// |---|---|---|
/// | linear | symmetric | 2...8 or 16 (levels −s, 0, s need a sign and a magnitude) |
/// | linear | asymmetric | 1...8 or 16 |
/// | log2 | any | 2...8 (a sign bit and exponent codes) |
/// | kmeans | any | 1...8 (a codebook of at most 256 values) |
/// | binary | any | 1 |
/// | ternary | any | 2 |
public struct MethodBits: Sendable, Hashable {
  public var method: String
  /// `nil`: any scheme.
  public var scheme: String?
  public var range: ValueRange
  public var doc: String

  public static let all: [MethodBits] = [
    MethodBits(
      method: "linear", scheme: "symmetric", range: .closed(2, 8) | .exactly(16),
      doc: "levels -s, 0, s need a sign and a magnitude bit"),
    MethodBits(method: "linear", scheme: "asymmetric", range: .bits, doc: "2^bits levels"),
    MethodBits(
      method: "log2", scheme: nil, range: .closed(2, 8),
      doc: "a sign bit, the other bits an exponent code"),
    MethodBits(
      method: "kmeans", scheme: nil, range: .closed(1, 8), doc: "a codebook of at most 256 values"),
    MethodBits(method: "binary", scheme: nil, range: .exactly(1), doc: "sign × mean |w|"),
    MethodBits(method: "ternary", scheme: nil, range: .exactly(2), doc: "-a, 0, a"),
  ]

  /// The bits `method` accepts with `scheme`; `nil` for an unknown method.
  public static func range(method: String, scheme: String) -> ValueRange? {
    all.first { $0.method == method && ($0.scheme == nil || $0.scheme == scheme) }?.range
  }
}

/// Which parameters of a step hold bit widths checked against a method (`bits: 1,
/// method: log2` is an error), and where the method and scheme come from.
public struct BitWidthRule: Sendable, Hashable {
  /// A method or scheme: a parameter of the call, or fixed by the step.
  public enum Source: Sendable, Hashable {
    case parameter(String)
    case fixed(String)
  }

  public var step: String
  /// Int or List<Int> parameters (a list: each element).
  public var parameters: [String]
  public var method: Source
  public var scheme: Source

  public static let all: [BitWidthRule] = [
    BitWidthRule(
      step: "quantize", parameters: ["bits", "layer_bits"], method: .parameter("method"),
      scheme: .parameter("scheme")),
    BitWidthRule(
      step: "qat", parameters: ["bits", "layer_bits"], method: .parameter("method"),
      scheme: .parameter("scheme")),
    // Signals are quantized per tensor with the asymmetric linear grid.
    BitWidthRule(
      step: "quantize_signal", parameters: ["bits"], method: .parameter("method"),
      scheme: .fixed("asymmetric")),
    // One layer at a time with the default symmetric linear quantizer.
    BitWidthRule(
      step: "sensitivity", parameters: ["bits"], method: .fixed("linear"),
      scheme: .fixed("symmetric")),
  ]

  public static func rule(for step: String) -> BitWidthRule? { all.first { $0.step == step } }
}
