/// What a parameter takes when a call leaves it out.
public enum ParameterDefault: Hashable, Sendable {
  /// The call must pass it.
  case required
  /// This value.
  case value(Value)
  /// Nothing: the parameter is off, or the step derives it (the doc says how).
  case absent
}

/// One parameter of a step.
public struct ParameterSignature: Hashable, Sendable {
  public var name: String
  public var type: StepType
  public var defaultValue: ParameterDefault
  /// The numbers allowed (for a list: each element); `nil`: any.
  public var range: ValueRange?
  /// Whether the argument may be passed without its label (positional arguments fill the
  /// positional parameters in order).
  public var positional: Bool
  /// Whether it takes all remaining positional arguments (`speed(a, b, c, on: ...)`).
  public var variadic: Bool
  /// Whether the String names a file in the output folder (checked by `PathRules`).
  public var isPath: Bool
  public var doc: String

  public init(
    _ name: String, _ type: StepType, _ defaultValue: ParameterDefault = .required,
    range: ValueRange? = nil,
    positional: Bool = false, variadic: Bool = false, isPath: Bool = false, doc: String = ""
  ) {
    self.name = name
    self.type = type
    self.defaultValue = defaultValue
    self.range = range
    self.positional = positional
    self.variadic = variadic
    self.isPath = isPath
    self.doc = doc
  }

  public var isRequired: Bool { defaultValue == .required }
}

/// The group a step is listed under in `quantbook steps` and docs/STEPS.md.
public enum StepCategory: String, Hashable, Sendable, CaseIterable {
  case data = "Data"
  case model = "Models"
  case layer = "Layers"
  case optimizer = "Optimizers"
  case training = "Training and evaluation"
  case quantization = "Quantization"
  case analysis = "Analysis"
  case signal = "Signals (1-D teaching examples)"
}

/// The signature of one step: the single source of truth for the checker, the runner and
/// the docs.
public struct StepSignature: Hashable, Sendable {
  public var name: String
  public var category: StepCategory
  public var parameters: [ParameterSignature]
  public var returns: StepType
  /// Whether the call takes a layer block: `sequential(input: 28x28x1) [ ... ]`.
  public var takesLayers: Bool
  /// One line saying what the step does.
  public var doc: String

  public init(
    _ name: String, _ category: StepCategory, _ parameters: [ParameterSignature], returns: StepType,
    takesLayers: Bool = false, doc: String
  ) {
    self.name = name
    self.category = category
    self.parameters = parameters
    self.returns = returns
    self.takesLayers = takesLayers
    self.doc = doc
  }

  public func parameter(_ name: String) -> ParameterSignature? {
    parameters.first { $0.name == name }
  }

  /// `conv2d(filters: Int, kernel: Int, stride: Int = 1, ...) -> Layer`.
  public var synopsis: String {
    let params = parameters.map { p -> String in
      var text = p.positional ? "_ \(p.name): \(p.type)" : "\(p.name): \(p.type)"
      if p.variadic { text += "..." }
      switch p.defaultValue {
      case .required: break
      case .value(let v): text += " = \(v)"
      case .absent: text += "?"
      }
      return text
    }
    return
      "\(name)(\(params.joined(separator: ", ")))\(takesLayers ? " [layers]" : "") -> \(returns)"
  }
}

/// A set of step signatures, iterable in a stable order.
public struct StepRegistry: Sendable, Sequence {
  public private(set) var steps: [StepSignature]
  private var index: [String: Int]

  public init(_ steps: [StepSignature]) {
    self.steps = steps
    var index: [String: Int] = [:]
    for (i, step) in steps.enumerated() where index[step.name] == nil { index[step.name] = i }
    self.index = index
  }

  public subscript(name: String) -> StepSignature? { index[name].map { steps[$0] } }

  public var names: [String] { steps.map(\.name) }

  public func makeIterator() -> IndexingIterator<[StepSignature]> { steps.makeIterator() }
}
