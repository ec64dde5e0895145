import Foundation
import MarkdownNotebook
import StepLanguage
import TensorEngine

/// Something a cell shows under its code.
enum Display: Sendable {
  /// A value shown by a bare expression, or a side view of an assignment (training curves).
  case value(RuntimeValue, title: String?)
  /// The evaluations of a `for` loop gathered into one table (and chart).
  case sweep(Sweep)
  /// The scalars a `for` loop showed, gathered into one table (and chart).
  case scalarSweep(ScalarSweep)
  /// A summary table of the signals a `for` loop showed (each also shown on its own).
  case signalSweep(SignalSweep)
  /// A display replayed from the step cache, as it was drawn when the statement ran.
  case restored(RestoredDisplay)
}

/// What one cell produced.
struct CellRun: Sendable {
  var displays: [Display] = []
  var failure: StepFailure?
  var seconds: Double = 0
}

/// Runs checked cells top to bottom, binding names once per scope and calling steps.
///
/// Names live in the notebook's global scope (assignments at a cell's top level, parameters)
/// or in the scope of one loop iteration. Steps come from `StepLibrary`.
final class Interpreter {
  var globals: [String: RuntimeValue] = [:]
  var loopScopes: [[String: RuntimeValue]] = []
  /// The values of enclosing loop variables, outermost first (a sweep row's key).
  var loopBindings: [(name: String, value: RuntimeValue)] = []
  /// What the running top-level loop has shown so far (nested loops share it).
  var loopResults: LoopResults?
  let environment: StepEnvironment
  /// The data files the notebook read, with their checksums, for the report's manifest.
  var datasets: [(name: String, file: String, sha256: String)] = []
  // Step cache (Cache/Interpreter+Cache.swift): nil runs every statement without it.
  let cache: StepCache?
  /// Whether `--explain` asked for a progress event per statement that runs.
  let explain: Bool
  /// Names bound by cache hits whose values are loaded only when something reads them.
  var pending: [String: PendingValue] = [:]
  /// False while running a cell marked `#| cache: false`.
  var cellCaches = true
  /// Whether inline texts show measured times (off in reproducible runs).
  var timings = true
  /// The measured texts of inline expressions that showed a measured time, in order.
  var measuredInlineTexts: [String] = []
  /// What this process computes: everything, one shard's part, or nothing (a merge).
  var mode = InterpreterMode.whole
  /// Sharded loops met so far (their ordinal decides which shard runs which iteration).
  var shardedLoops = 0
  /// What a merge needed and did not find in the cache.
  var missing: [MissingEntry] = []

  init(
    parameters: [NotebookParameter], environment: StepEnvironment, cache: StepCache? = nil,
    explain: Bool = false
  ) {
    self.environment = environment
    self.cache = cache
    self.explain = explain
    for parameter in parameters { globals[parameter.name] = RuntimeValue(parameter.value) }
  }

  /// Runs every statement of a cell; the first failure stops the cell.
  func run(_ cell: CheckedCell) -> CellRun {
    var result = CellRun()
    let start = environment.clock()
    do throws(StepFailure) {
      for statement in cell.statements {
        try executeTopLevel(statement, in: cell, into: &result.displays)
      }
    } catch {
      result.failure = error
    }
    result.seconds = environment.clock() - start
    return result
  }

  /// The text of a prose inline expression, or an error text in its place.
  ///
  /// A measured time is shown as `Timings.placeholder` when `timings` is off; its measured
  /// text is kept in `measuredInlineTexts` (and the text is not cached).
  func inlineText(_ expression: TypedExpression) -> Result<String, StepFailure> {
    do throws(StepFailure) {
      let value = try evaluate(expression)
      if value.containsDuration { measuredInlineTexts.append(value.inlineText) }
      return .success(value.inlineText(timings: timings))
    } catch {
      return .failure(error)
    }
  }

  func execute(_ statement: TypedStatement, into displays: inout [Display]) throws(StepFailure) {
    switch statement.kind {
    case .assignment(let name, let expression):
      let value = Self.labelled(try evaluate(expression), name)
      bind(name, value)
      if case .call(let call) = expression.kind {
        displays += value.kind?.onAssignment(name: name, step: call.name) ?? []
      }
    case .show(let expression):
      let value = try evaluate(expression)
      if !loopBindings.isEmpty,
        loopResults?.gather(
          value, name: Self.columnName(expression), series: LoopResults.seriesName(expression),
          key: loopBindings.map(\.value), displayIndex: displays.count) == true
      {
        return
      }
      displays.append(.value(value, title: loopTitle()))
    case .loop(let variable, let sequence, let body):
      guard case .list(let items) = try evaluate(sequence) else {
        throw StepFailure(
          "internal error: a loop over a value that is not a list", at: sequence.range)
      }
      let ownsResults = loopBindings.isEmpty
      if ownsResults {
        loopResults = LoopResults(variable: variable)
      } else {
        loopResults?.addVariable(variable)
      }
      defer { if ownsResults { loopResults = nil } }
      for item in items { try iterate(variable, item, body, into: &displays) }
      if ownsResults, let results = loopResults { results.finish(into: &displays) }
    }
  }

  /// Runs a loop's body once, with `variable` bound to `item` in a scope of its own.
  func iterate(
    _ variable: String, _ item: RuntimeValue, _ body: [TypedStatement],
    into displays: inout [Display]
  ) throws(StepFailure) {
    loopScopes.append([variable: item])
    loopBindings.append((variable, item))
    defer {
      loopScopes.removeLast()
      loopBindings.removeLast()
    }
    loopResults?.iteration += 1
    for inner in body { try execute(inner, into: &displays) }
  }

  /// The column a shown scalar gets in a loop's table: the member, variable or step it names
  /// (`quantize_signal(wave, bits: bits).sqnr` -> `sqnr`).
  static func columnName(_ expression: TypedExpression) -> String {
    switch expression.kind {
    case .member(_, let member): return member
    case .variable(let name): return name
    case .call(let call): return call.name
    case .negate(let inner), .intToFloat(let inner): return columnName(inner)
    default: return "value"
    }
  }

  private func loopTitle() -> String? {
    loopBindings.isEmpty
      ? nil : loopBindings.map { "\($0.name) = \($0.value.inlineText)" }.joined(separator: ", ")
  }

  private func bind(_ name: String, _ value: RuntimeValue) {
    if loopScopes.isEmpty {
      globals[name] = value
    } else {
      loopScopes[loopScopes.count - 1][name] = value
    }
  }

  private func lookup(_ name: String, at range: SourceRange) throws(StepFailure) -> RuntimeValue {
    for scope in loopScopes.reversed() {
      if let value = scope[name] { return value }
    }
    if let value = globals[name] { return value }
    guard let value = try materialise(name) else {  // a cached name, loaded on first use
      throw StepFailure("internal error: '\(name)' has no value", at: range)
    }
    return value
  }

  /// Gives models the name they are bound to, so tables and charts can say `net`, `q`.
  static func labelled(_ value: RuntimeValue, _ name: String) -> RuntimeValue {
    value.kind?.labelled(name) ?? value
  }

  func evaluate(_ expression: TypedExpression) throws(StepFailure) -> RuntimeValue {
    switch expression.kind {
    case .literal(let value):
      return RuntimeValue(value)
    case .variable(let name):
      return try lookup(name, at: expression.range)
    case .member(let base, let member):
      let value = try evaluate(base)
      guard let kind = value.kind else { throw .noMember(member, at: expression.range) }
      return try kind.member(member, at: expression.range)
    case .call(let call):
      return try evaluate(call)
    case .list(let items):
      return .list(try items.map { item throws(StepFailure) in try evaluate(item) })
    case .negate(let inner):
      switch try evaluate(inner) {
      case .int(let v):
        // -Int.min does not fit an Int (it trapped).
        let (negated, overflow) = 0.subtractingReportingOverflow(v)
        if overflow { throw StepFailure("'-' overflows an Int here", at: expression.range) }
        return .int(negated)
      case .float(let v): return .float(-v)
      case .fraction(let v): return .fraction(-v)  // -net.accuracy: a Float in the language
      case .duration(let v): return .duration(-v)
      default:
        throw StepFailure(
          "internal error: negating a value that is not a number", at: expression.range)
      }
    case .intToFloat(let inner):
      guard case .int(let v) = try evaluate(inner) else {
        throw StepFailure("internal error: an Int was expected", at: expression.range)
      }
      return .float(Double(v))
    case .binary(let op, let left, let right):
      return try binary(op, try evaluate(left), try evaluate(right), at: expression.range)
    case .invalid:
      throw StepFailure(
        "internal error: an expression with errors reached the runner", at: expression.range)
    }
  }

  private func evaluate(_ call: TypedCall) throws(StepFailure) -> RuntimeValue {
    var arguments: [String: RuntimeValue] = [:]
    var argumentRanges: [String: SourceRange] = [:]
    var comparisons: [String: Comparison] = [:]
    for argument in call.arguments {
      switch argument.source {
      case .given(let expression):
        if case .binary(let op, let left, let right) = expression.kind, op.isComparison {
          let compared = try comparison(op, left, right, at: expression.range)
          comparisons[argument.parameter.name] = compared
          arguments[argument.parameter.name] = .bool(compared.holds)
        } else {
          arguments[argument.parameter.name] = try evaluate(expression)
        }
        argumentRanges[argument.parameter.name] = expression.range
      case .variadic(let expressions):
        arguments[argument.parameter.name] = .list(
          try expressions.map { e throws(StepFailure) in try evaluate(e) })
      case .defaulted(let value): arguments[argument.parameter.name] = RuntimeValue(value)
      case .absent: break
      }
    }
    let layers = try call.layers?.map { layerCall throws(StepFailure) -> LayerKind in
      guard case .layer(let kind) = try evaluate(layerCall) else {
        throw StepFailure(
          "internal error: '\(layerCall.name)' is not a layer", at: layerCall.range)
      }
      return kind
    }
    guard let body = StepLibrary.implementations[call.name] else {
      throw StepFailure(
        "the step '\(call.name)' is declared but this runner cannot run it yet", at: call.nameRange)
    }
    let stepCall = StepCall(
      name: call.name, range: call.range, arguments: arguments, layers: layers,
      environment: environment,
      argumentRanges: argumentRanges, comparisons: comparisons)
    let announce = ![.layer, .optimizer].contains(call.signature.category)
    let line = call.range.start.line
    if announce {
      environment.events(.stepStarted(path: environment.notebookPath, line: line, step: call.name))
    }
    let start = environment.clock()
    let value = try body(stepCall)
    if case .dataset(let loaded) = value {
      addDatasets(loaded.checksums.map { (loaded.name, $0.file, $0.sha256) })
    }
    if announce {
      finished(line: line, step: call.name, seconds: environment.clock() - start, reason: nil)
    }
    return value
  }

  /// Adds data files to the report's manifest, each content hash once.
  func addDatasets(_ files: [(name: String, file: String, sha256: String)]) {
    for file in files where !datasets.contains(where: { $0.sha256 == file.sha256 }) {
      datasets.append(file)
    }
  }

  /// Says that a step or statement of this notebook finished (`RunEvent.stepFinished`).
  func finished(
    line: Int, step: String, seconds: Double, cached: Bool = false, reason: String?
  ) {
    environment.events(
      .stepFinished(
        path: environment.notebookPath, line: line, step: step, seconds: seconds, cached: cached,
        reason: reason))
  }
}
