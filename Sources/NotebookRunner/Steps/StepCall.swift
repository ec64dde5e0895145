import MarkdownNotebook
import QuantizationMethods
import StepLanguage
import TensorEngine

/// A runtime failure of one step: a message for the reader, where it happened, what to do.
struct StepFailure: Error, Sendable {
  var message: String
  var range: SourceRange?
  var hint: String?

  init(_ message: String, at range: SourceRange? = nil, hint: String? = nil) {
    self.message = message
    self.range = range
    self.hint = hint
  }
}

/// What every step may use besides its arguments: the notebook's seed, threads, data, clock,
/// and the channel for progress events.
struct StepEnvironment: Sendable {
  var seed: UInt64
  var threads: Int
  var data: DataProvider
  /// Monotonic seconds.
  var clock: @Sendable () -> Double
  var events: @Sendable (RunEvent) -> Void
  var notebookPath: String
  /// Where reports (and saved models) go.
  var outputFolder: String
  /// Float-model evaluations already made in this run (one memo per run).
  var evaluations = EvaluationMemo()
  /// The integer kernels in use, as the injected host states them (`HostDescription`).
  var integerKernels = "integer kernels not stated"
}

/// One call of a step at run time: its evaluated arguments (parameters left out without a
/// default are absent), its layer block, and typed accessors.
///
/// The checker has already proved every argument's type, so a mismatch here is an internal
/// error, reported as such rather than trapped.
struct StepCall: Sendable {
  var name: String
  var range: SourceRange
  var arguments: [String: RuntimeValue]
  var layers: [LayerKind]?
  var environment: StepEnvironment
  /// Where each argument written in the call is (a failure about one argument points at it).
  var argumentRanges: [String: SourceRange] = [:]
  /// The figures of each argument written as a comparison (`claim` shows them).
  var comparisons: [String: Comparison] = [:]

  /// The range of the argument passed to `parameter`, else the call's.
  func range(of parameter: String) -> SourceRange { argumentRanges[parameter] ?? range }

  func value(_ parameter: String) throws(StepFailure) -> RuntimeValue {
    guard let value = arguments[parameter] else {
      throw StepFailure("internal error: '\(name)' received no '\(parameter)'", at: range)
    }
    return value
  }

  private func mismatch(_ parameter: String, _ expected: String) -> StepFailure {
    StepFailure("internal error: '\(name)' argument '\(parameter)' is not \(expected)", at: range)
  }

  func int(_ p: String) throws(StepFailure) -> Int {
    guard case .int(let v) = try value(p) else { throw mismatch(p, "an Int") }
    return v
  }

  func optionalInt(_ p: String) throws(StepFailure) -> Int? {
    arguments[p] == nil ? nil : try int(p)
  }

  func float(_ p: String) throws(StepFailure) -> Double {
    switch try value(p) {
    case .float(let v), .fraction(let v), .duration(let v): return v
    case .int(let v): return Double(v)
    default: throw mismatch(p, "a Float")
    }
  }

  func bool(_ p: String) throws(StepFailure) -> Bool {
    guard case .bool(let v) = try value(p) else { throw mismatch(p, "a Bool") }
    return v
  }

  func string(_ p: String) throws(StepFailure) -> String {
    guard case .string(let v) = try value(p) else { throw mismatch(p, "a String") }
    return v
  }

  /// The constant passed to `p`, decoded into its Swift enum: the one place a constant's
  /// name becomes a value; every use then switches over `E` exhaustively.
  func constant<E: LanguageEnumeration>(_ p: String, as type: E.Type = E.self) throws(StepFailure)
    -> E
  {
    guard case .enumeration(let v) = try value(p) else { throw mismatch(p, "a constant") }
    guard let decoded = E(rawValue: v) else {
      throw mismatch(p, "a constant of \(E.enumerationName)")
    }
    return decoded
  }

  func intList(_ p: String) throws(StepFailure) -> [Int] {
    guard case .list(let values) = try value(p) else { throw mismatch(p, "a list") }
    return try values.map { v throws(StepFailure) in
      guard case .int(let i) = v else { throw mismatch(p, "a list of Int") }
      return i
    }
  }

  func split(_ p: String) throws(StepFailure) -> NamedSplit {
    guard case .split(let v) = try value(p) else { throw mismatch(p, "a Split") }
    return v
  }

  func optionalSplit(_ p: String) throws(StepFailure) -> NamedSplit? {
    arguments[p] == nil ? nil : try split(p)
  }

  func model(_ p: String) throws(StepFailure) -> ModelValue {
    guard case .model(let v) = try value(p) else { throw mismatch(p, "a Model") }
    return v
  }

  func optimizer(_ p: String) throws(StepFailure) -> Optimizer {
    guard case .optimizer(let v) = try value(p) else { throw mismatch(p, "an Optimizer") }
    return v
  }

  /// The `seed` argument, else the notebook's seed.
  var seed: UInt64 {
    if case .int(let v)? = arguments["seed"] { return UInt64(v) }
    return environment.seed
  }

  /// Runs engine code, turning its errors into a failure at this call.
  func engine<T>(_ body: () throws -> T) throws(StepFailure) -> T {
    do {
      return try body()
    } catch let failure as StepFailure {
      throw failure
    } catch let error as EngineError {
      throw StepFailure(error.description, at: range, hint: EngineErrorHints.hint(for: error))
    } catch {
      throw StepFailure("\(error)", at: range)
    }
  }
}

/// What to do about an engine error.
enum EngineErrorHints {
  static func hint(for error: EngineError) -> String? {
    switch error {
    case .nonFiniteLoss: return "lower the learning rate (e.g. adam(lr: 0.0001)) or check the data"
    case .shapeMismatch(let m) where m.contains("[16]") && m.contains("[28, 28, 1]"):
      // Words met an image model or images a word model where the checker could not see it
      // (a loop over splits of both kinds).
      return "words (16 letter indices) need a model made with sequential(tokens: 16) and an "
        + "embedding first; images (28x28x1) one made with sequential(input: 28x28x1)"
    default: return nil
    }
  }
}

extension StepCall {
  /// Fails at the argument when `bits` is outside what `method` (with `scheme`) accepts, by
  /// the registry's table (`MethodBits`), before the engine is called. The checker reports
  /// every width it can see; this guards the ones it cannot.
  func checkBits(
    _ bits: Int, parameter: String, method: Constant.Method, scheme: Constant.Scheme
  ) throws(StepFailure) {
    let range = MethodBits.range(method: method, scheme: scheme)
    guard range.contains(Double(bits)) else {
      throw StepFailure(
        "'\(parameter)' of '\(name)' must be \(range) for method \(method.rawValue); got \(bits)",
        at: self.range(of: parameter))
    }
  }
}
