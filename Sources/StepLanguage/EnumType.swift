/// A closed set of named constants, written bare in source: `activation: relu`. Each one is
/// built from its Swift enum in `Constant` (Constants.swift), where the constants are defined.
///
/// The same constant may belong to several enumerations (`mse` is a loss and a calibration
/// method); a bare constant takes the enumeration the parameter it is passed to expects.
public struct EnumType: Sendable, Hashable, CustomStringConvertible {
  public var name: String
  public var cases: [String]

  public var description: String { name }

  public static let activation = Constant.Activation.enumType
  public static let padding = Constant.Padding.enumType
  public static let scheme = Constant.Scheme.enumType
  public static let granularity = Constant.Granularity.enumType
  public static let method = Constant.Method.enumType
  public static let rounding = Constant.Rounding.enumType
  public static let calibration = Constant.Calibration.enumType
  public static let loss = Constant.Loss.enumType
  public static let schedule = Constant.Schedule.enumType
  public static let mode = Constant.Mode.enumType
  public static let waveform = Constant.Waveform.enumType

  /// Every enumeration of the language.
  public static let all: [EnumType] = [
    .activation, .padding, .scheme, .granularity, .method, .rounding, .calibration, .loss,
    .schedule, .mode, .waveform,
  ]

  /// Every constant of every enumeration.
  public static let allConstants: Set<String> = Set(all.flatMap(\.cases))
}
