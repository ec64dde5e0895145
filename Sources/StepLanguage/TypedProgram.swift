import MarkdownNotebook

/// An expression after checking: its type, and its value when known before running.
public struct TypedExpression: Sendable, Hashable {
  public indirect enum Kind: Sendable, Hashable {
    case literal(Value)
    /// A name bound by an assignment, a loop or a notebook parameter.
    case variable(String)
    case member(TypedExpression, String)
    case call(TypedCall)
    case list([TypedExpression])
    case negate(TypedExpression)
    /// `left op right`: arithmetic on numbers, or a comparison giving a Bool.
    case binary(BinaryOperator, TypedExpression, TypedExpression)
    /// An Int value passed where a Float is expected.
    case intToFloat(TypedExpression)
    /// An expression with an error (already reported); never present in an error-free program.
    case invalid
  }

  public var kind: Kind
  public var type: StepType
  public var range: SourceRange
  /// The values the expression can take when known statically: one for a constant, several
  /// for a loop variable over a literal list, `nil` when unknown.
  public var values: [Value]?
  /// The static layer shapes of a model-valued expression, when known.
  public var modelShape: ModelShape?

  /// The value when the expression is a compile-time constant.
  public var constant: Value? { values?.count == 1 ? values?.first : nil }
}

/// A call resolved to its signature, with one argument per parameter in signature order.
public struct TypedCall: Sendable, Hashable {
  public var signature: StepSignature
  public var arguments: [BoundArgument]
  /// For a step taking a layer block: the layer calls, in order (names bound to layers are
  /// replaced by the call they were bound to).
  public var layers: [TypedCall]?
  /// For `sequential`: the static shapes, when the input shape is known and the stack fits.
  public var modelShape: ModelShape?
  public var nameRange: SourceRange
  public var range: SourceRange

  public var name: String { signature.name }

  /// The argument bound to the parameter `name`.
  public func argument(_ name: String) -> BoundArgument? {
    arguments.first { $0.parameter.name == name }
  }

  /// The expression written for the parameter `name`, if the call gives one.
  func given(_ name: String) -> TypedExpression? {
    if case .given(let e)? = argument(name)?.source { e } else { nil }
  }

  /// The model-valued expressions the call passes, in argument order (a variadic
  /// parameter's included): those whose static shapes are known.
  var modelArguments: [TypedExpression] {
    arguments.flatMap { argument -> [TypedExpression] in
      switch argument.source {
      case .given(let e): e.modelShape != nil ? [e] : []
      case .variadic(let list): list.filter { $0.modelShape != nil }
      case .defaulted, .absent: []
      }
    }
  }
}

/// The value a call passes to one parameter.
public struct BoundArgument: Sendable, Hashable {
  public enum Source: Sendable, Hashable {
    /// Written in the call.
    case given(TypedExpression)
    /// All the positional arguments a variadic parameter took.
    case variadic([TypedExpression])
    /// Left out: the parameter's default.
    case defaulted(Value)
    /// Left out, and the parameter has no default (it is off, or the step derives it).
    case absent
  }

  public var parameter: ParameterSignature
  public var source: Source
}

/// The output shape of one layer, computed before anything runs (NHWC without the batch).
public struct LayerShape: Sendable, Hashable {
  public var name: String
  public var range: SourceRange
  public var input: [Int]
  public var output: [Int]
  /// Trainable parameters (weights and biases).
  public var parameterCount: Int
  /// Float32 scratch values per image besides the output (a convolution's im2col patch
  /// matrix, H'·W'·k²·C).
  public var scratchCount: Int = 0
  /// The `activation` argument's constant (conv2d, dense), when known.
  public var activation: Value? = nil
}

/// The static shapes of a model: `input -> layers[0].output -> ... -> output`.
public struct ModelShape: Sendable, Hashable {
  public var input: [Int]
  public var layers: [LayerShape]
  /// For a quantized model: the values each weight option of its `quantize` or `qat` call can
  /// take (`method`, `scheme`, `granularity`, `bits`, `layer_bits`, `mode`,
  /// `activation_bits`, `fold_batchnorm`), where known.
  public var quantization: [String: [Value]]? = nil
  public var output: [Int] { layers.last?.output ?? input }
  /// The sum of the layers' parameters (saturating at `Int.max`).
  public var parameterCount: Int { Checked.sum(layers.map(\.parameterCount)) }
}

/// A checked statement. `dependencies` are the notebook-level names it reads (variables
/// from earlier statements or cells, and notebook parameters): the runner's cache keys on them.
public struct TypedStatement: Sendable, Hashable {
  public indirect enum Kind: Sendable, Hashable {
    case assignment(name: String, value: TypedExpression)
    /// A bare expression: its value is the cell's output.
    case show(TypedExpression)
    /// A sweep: evaluations inside gather into one table.
    case loop(variable: String, sequence: TypedExpression, body: [TypedStatement])
  }

  public var kind: Kind
  public var range: SourceRange
  public var dependencies: [String]
}

/// One cell after checking.
public struct CheckedCell: Sendable {
  public var options: CellOptions
  public var statements: [TypedStatement]
  /// Syntax and type diagnostics of this cell, in file order.
  public var diagnostics: [Diagnostic]
  /// For highlighting.
  public var tokens: [Token]
  /// The static shapes of every `sequential` model in the cell.
  public var models: [ModelShape]
}

/// A prose inline expression after checking.
public struct CheckedInline: Sendable {
  public var expression: TypedExpression
  public var dependencies: [String]
  public var diagnostics: [Diagnostic]
}
