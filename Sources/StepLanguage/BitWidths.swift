import QuantizationMethods

/// The language's view of the one bit-width table (`MethodBits`, in `QuantizationMethods`):
/// the checker reports a width outside it at the argument, the runner checks it again before
/// it calls the engine, and docs/STEPS.md lists it.
extension MethodBits {
  /// This row's widths as a parameter range (`2...8 or 16`).
  public var range: ValueRange {
    ValueRange(
      widths.flatMap { ValueRange.closed(Double($0.lowerBound), Double($0.upperBound)).intervals })
  }

  /// The bits `method` accepts with `scheme`.
  public static func range(method: Constant.Method, scheme: Constant.Scheme) -> ValueRange {
    row(method: method, scheme: scheme).range
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
