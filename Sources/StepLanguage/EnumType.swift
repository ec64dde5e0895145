/// A closed set of named constants, written bare in source: `activation: relu`.
///
/// The same constant may belong to several enumerations (`mse` is a loss and a calibration
/// method); a bare constant takes the enumeration the parameter it is passed to expects.
public struct EnumType: Sendable, Hashable, CustomStringConvertible {
  public var name: String
  public var cases: [String]

  public init(name: String, cases: [String]) {
    self.name = name
    self.cases = cases
  }

  public var description: String { name }

  public static let activation = EnumType(
    name: "activation", cases: ["none", "relu", "sigmoid", "tanh", "softmax"])
  public static let padding = EnumType(name: "padding", cases: ["valid", "same"])
  public static let scheme = EnumType(name: "scheme", cases: ["symmetric", "asymmetric"])
  public static let granularity = EnumType(
    name: "granularity", cases: ["per_tensor", "per_channel", "per_group"])
  public static let method = EnumType(
    name: "method", cases: ["linear", "log2", "kmeans", "binary", "ternary"])
  public static let rounding = EnumType(name: "rounding", cases: ["nearest", "stochastic"])
  public static let calibration = EnumType(
    name: "calibration", cases: ["minmax", "percentile", "mse", "entropy"])
  public static let loss = EnumType(name: "loss", cases: ["cross_entropy", "mse"])
  public static let schedule = EnumType(name: "schedule", cases: ["constant", "step", "cosine"])
  public static let mode = EnumType(name: "mode", cases: ["weights", "weights_and_activations"])
  public static let waveform = EnumType(name: "waveform", cases: ["sine", "square", "sawtooth"])

  /// Every enumeration of the language.
  public static let all: [EnumType] = [
    .activation, .padding, .scheme, .granularity, .method, .rounding, .calibration, .loss,
    .schedule, .mode, .waveform,
  ]

  /// Every constant of every enumeration.
  public static let allConstants: Set<String> = Set(all.flatMap(\.cases))

  /// The enumeration named `name`.
  public static func named(_ name: String) -> EnumType? { all.first { $0.name == name } }
}
