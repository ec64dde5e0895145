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
  public var method: Constant.Method
  /// `nil`: any scheme.
  public var scheme: Constant.Scheme?
  public var range: ValueRange
  public var doc: String

  /// The rows of `method`, by an exhaustive switch: a new method is a compile error here.
  public static func rows(of method: Constant.Method) -> [MethodBits] {
    switch method {
    case .linear:
      return [
        MethodBits(
          method: .linear, scheme: .symmetric, range: .closed(2, 8) | .exactly(16),
          doc: "levels -s, 0, s need a sign and a magnitude bit"),
        MethodBits(method: .linear, scheme: .asymmetric, range: .bits, doc: "2^bits levels"),
      ]
    case .log2:
      return [
        MethodBits(
          method: .log2, scheme: nil, range: .closed(2, 8),
          doc: "a sign bit, the other bits an exponent code")
      ]
    case .kmeans:
      return [
        MethodBits(
          method: .kmeans, scheme: nil, range: .closed(1, 8),
          doc: "a codebook of at most 256 values")
      ]
    case .binary:
      return [MethodBits(method: .binary, scheme: nil, range: .exactly(1), doc: "sign × mean |w|")]
    case .ternary:
      return [MethodBits(method: .ternary, scheme: nil, range: .exactly(2), doc: "-a, 0, a")]
    }
  }

  /// Every row, in method order (docs/STEPS.md lists them).
  public static let all: [MethodBits] = Constant.Method.allCases.flatMap(rows(of:))

  /// The bits `method` accepts with `scheme`.
  public static func range(method: Constant.Method, scheme: Constant.Scheme) -> ValueRange {
    let rows = rows(of: method)
    return (rows.first { $0.scheme == scheme } ?? rows[0]).range
  }

  /// Whether the scheme changes what `method` accepts.
  public static func dependsOnScheme(_ method: Constant.Method) -> Bool {
    rows(of: method).count > 1
  }

  /// The bits the constants `method` and `scheme` name; `nil` when either is no constant.
  public static func range(method: String, scheme: String) -> ValueRange? {
    guard let m = Constant.Method(rawValue: method), let s = Constant.Scheme(rawValue: scheme)
    else { return nil }
    return range(method: m, scheme: s)
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
