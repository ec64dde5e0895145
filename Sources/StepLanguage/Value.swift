/// A value known before anything runs: a literal, a notebook parameter, a default.
public indirect enum Value: Hashable, Sendable, CustomStringConvertible {
  case int(Int)
  case float(Double)
  case bool(Bool)
  case string(String)
  case shape([Int])
  /// An enumeration constant, by name (`relu`).
  case enumeration(String)
  case list([Value])

  /// The value as a number (Int or Float), for range checks.
  public var number: Double? {
    switch self {
    case .int(let v): Double(v)
    case .float(let v): v
    default: nil
    }
  }

  /// The value written as step-language source (`0.001`, `"text"`, `28x28x1`, `[8, 4]`).
  public var description: String {
    switch self {
    case .int(let v): String(v)
    case .float(let v): Value.format(v)
    case .bool(let v): v ? "true" : "false"
    case .string(let v): Value.quote(v)
    case .shape(let dims): dims.map(String.init).joined(separator: "x")
    case .enumeration(let name): name
    case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
    }
  }

  /// The natural type of the value (an enumeration constant stays a bare constant).
  public var type: StepType {
    switch self {
    case .int: .int
    case .float: .float
    case .bool: .bool
    case .string: .string
    case .shape: .shape
    case .enumeration(let name): .enumConstant(name)
    case .list(let values):
      values.isEmpty
        ? .emptyList
        : .list(values.dropFirst().reduce(values[0].type) { StepType.join($0, $1.type) ?? .error })
    }
  }

  /// A float written so it reads back as a float (`1.0`, `0.001`, `1e-07`): Swift's
  /// shortest round-trip form.
  static func format(_ v: Double) -> String { "\(v)" }

  /// A string literal with quotes and escapes.
  static func quote(_ text: String) -> String {
    var result = "\""
    for ch in text {
      switch ch {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      default: result.append(ch)
      }
    }
    return result + "\""
  }

  /// The value converted to `type` (Int to Float), or `nil` when it does not fit.
  public func converted(to type: StepType) -> Value? {
    switch (self, type) {
    case (.int(let v), .float): return .float(Double(v))
    case (.list(let values), .list(let element)):
      let converted = values.compactMap { $0.converted(to: element) }
      return converted.count == values.count ? .list(converted) : nil
    case (_, .oneOf(let options)):
      return options.lazy.compactMap { self.converted(to: $0) }.first
    default:
      return type.accepts(self.type) ? self : nil
    }
  }
}
