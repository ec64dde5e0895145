/// The type of a step-language value.
///
/// Conversions (`accepts`): Int converts to Float; a bare enumeration constant converts to
/// every enumeration holding it; `[]` converts to any list; a value converts to a union
/// (`oneOf`) holding its type. `.error` marks an expression whose error was already
/// reported: it converts to and from everything so one mistake is reported once.
public indirect enum StepType: Hashable, Sendable, CustomStringConvertible {
  case int, float, bool, string, shape
  case enumeration(EnumType)
  /// A bare constant such as `relu` before a parameter gives it an enumeration.
  case enumConstant(String)
  case list(StepType)
  /// `[]`: a list whose element type is not known yet.
  case emptyList
  case dataset, split, layer, model, optimizer, quantizedModel, integerModel
  case history, metrics, table, chart, signal
  /// What `claim` returns: a checked sentence (shown, never bound to a name).
  case claim
  /// One of several types: a parameter that accepts `Model | QuantizedModel | IntegerModel`.
  case oneOf([StepType])
  /// An erroneous expression (already reported).
  case error

  /// The model types a step such as `evaluate` accepts.
  public static let anyModel = StepType.oneOf([.model, .quantizedModel, .integerModel])

  public var description: String {
    switch self {
    case .int: "Int"
    case .float: "Float"
    case .bool: "Bool"
    case .string: "String"
    case .shape: "Shape"
    case .enumeration(let e): e.name
    case .enumConstant(let name): "constant '\(name)'"
    case .list(let element): "List<\(element)>"
    case .emptyList: "empty list"
    case .dataset: "Dataset"
    case .split: "Split"
    case .layer: "Layer"
    case .model: "Model"
    case .optimizer: "Optimizer"
    case .quantizedModel: "QuantizedModel"
    case .integerModel: "IntegerModel"
    case .history: "History"
    case .metrics: "Metrics"
    case .table: "Table"
    case .chart: "Chart"
    case .signal: "Signal"
    case .claim: "Claim"
    case .oneOf(let types): types.map(\.description).joined(separator: " | ")
    case .error: "<error>"
    }
  }

  /// Whether a value of type `source` may be passed where `self` is expected.
  public func accepts(_ source: StepType) -> Bool {
    if self == source { return true }
    switch (self, source) {
    case (.error, _), (_, .error): return true
    case (.float, .int): return true
    case (.enumeration(let e), .enumConstant(let name)): return e.cases.contains(name)
    case (.list, .emptyList): return true
    case (.list(let target), .list(let element)): return target.accepts(element)
    case (.oneOf(let options), _):
      if case .oneOf(let sources) = source { return sources.allSatisfy { accepts($0) } }
      return options.contains { $0.accepts(source) }
    default: return false
    }
  }

  /// The type two list elements share (`Int` and `Float` give `Float`), or `nil`.
  public static func join(_ a: StepType, _ b: StepType) -> StepType? {
    if a.accepts(b) { return a == .error ? b : a }
    if b.accepts(a) { return b }
    if case .enumConstant(let x) = a, case .enumConstant(let y) = b,
      let shared = EnumType.all.first(where: { $0.cases.contains(x) && $0.cases.contains(y) })
    {
      return .enumeration(shared)
    }
    return nil
  }
}
