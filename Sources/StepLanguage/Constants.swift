import QuantizationMethods

/// The enumerations of the language as Swift enums: each case's raw value is the constant a
/// notebook writes (`activation: relu`). `EnumType` (the checker's view) is built from these,
/// and the runner decodes an argument into one of them once (`StepCall.constant`), then
/// switches over it exhaustively, so a new case is a compile error wherever it needs handling.
public protocol LanguageEnumeration: RawRepresentable<String>, CaseIterable, Sendable, Hashable
where AllCases == [Self] {
  /// The enumeration's name in the language (`activation`).
  static var enumerationName: String { get }
}

extension LanguageEnumeration {
  /// The checker's description of this enumeration: its name and constants, in case order.
  public static var enumType: EnumType {
    EnumType(name: enumerationName, cases: allCases.map(\.rawValue))
  }
}

/// Namespace of the language's enumerations.
public enum Constant {
  public enum Activation: String, LanguageEnumeration {
    case none, relu, sigmoid, tanh, softmax
    public static let enumerationName = "activation"
  }

  public enum Padding: String, LanguageEnumeration {
    case valid, same
    public static let enumerationName = "padding"
  }

  /// The engine's enum (`QuantizationMethods`), one type on both sides.
  public typealias Scheme = QuantizationScheme

  public enum Granularity: String, LanguageEnumeration {
    case perTensor = "per_tensor", perChannel = "per_channel", perGroup = "per_group"
    public static let enumerationName = "granularity"
  }

  /// The engine's enum (`QuantizationMethods`), whose `MethodBits` gives each one's widths.
  public typealias Method = WeightQuantizerKind

  public enum Rounding: String, LanguageEnumeration {
    case nearest, stochastic
    public static let enumerationName = "rounding"
  }

  public enum Calibration: String, LanguageEnumeration {
    case minmax, percentile, mse, entropy
    public static let enumerationName = "calibration"
  }

  public enum Loss: String, LanguageEnumeration {
    case crossEntropy = "cross_entropy", mse
    public static let enumerationName = "loss"
  }

  public enum Schedule: String, LanguageEnumeration {
    case constant, step, cosine
    public static let enumerationName = "schedule"
  }

  public enum Mode: String, LanguageEnumeration {
    case weights
    case weightsAndActivations = "weights_and_activations"
    public static let enumerationName = "mode"
  }

  public enum Waveform: String, LanguageEnumeration {
    case sine, square, sawtooth
    public static let enumerationName = "waveform"
  }
}

extension QuantizationScheme: LanguageEnumeration {
  public static let enumerationName = "scheme"
}

extension WeightQuantizerKind: LanguageEnumeration {
  public static let enumerationName = "method"
}

extension Value {
  /// The value of a language constant (`.constant(Constant.Method.linear)` is `linear`), so
  /// the registry and the checker name constants through their Swift enums, never by spelling.
  public static func constant(_ c: some LanguageEnumeration) -> Value { .enumeration(c.rawValue) }
}
