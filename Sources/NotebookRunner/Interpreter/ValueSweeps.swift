import StepLanguage

/// The scalars a `for` loop's iterations showed (`quantize_signal(wave, bits: bits).sqnr`),
/// gathered into one table: a row per iteration keyed by the loop variables' values
/// (outermost first), a column per shown expression (`sqnr`).
struct ScalarSweep: Sendable {
  struct Row: Sendable {
    var key: [RuntimeValue]
    /// Column name and value; each name at most once per row.
    var values: [(name: String, value: RuntimeValue)]
  }

  /// Loop variables, outermost first.
  let variables: [String]
  let rows: [Row]

  /// The value columns, in first-seen order.
  var valueNames: [String] { rows.flatMap { $0.values.map(\.name) }.firstSeen }

  /// Whether a scalar is a plain number worth gathering: an int, a float or a fraction.
  static func isScalar(_ value: RuntimeValue) -> Bool {
    switch value {
    case .int, .float, .fraction: return true
    default: return false
    }
  }
}

/// The signals a `for` loop's iterations showed, summarised as one table of key figures (each
/// iteration keeps its own signal charts as well).
struct SignalSweep: Sendable {
  struct Row: Sendable {
    var key: [RuntimeValue]
    var signal: SignalValue
  }

  /// Loop variables, outermost first.
  let variables: [String]
  let rows: [Row]
}

/// What the iterations of one top-level loop (and the loops nested in it) showed, gathered
/// while it runs and turned into displays when it ends (`finish`).
///
/// - every shown evaluation goes into a `Sweep` (as before: one table and chart of accuracy);
/// - if all other shown values are scalars, their per-iteration displays are replaced by one
///   `ScalarSweep` table;
/// - if all other shown values are signals, their displays stay and a `SignalSweep` summary
///   table follows them;
/// - anything else (a mix, tables, models, ...) is shown per iteration, as it always was.
struct LoopResults: Sendable {
  /// Loop variables, outermost first.
  private(set) var variables: [String]
  var metricRows: [Sweep.Row] = []
  var scalarRows: [ScalarSweep.Row] = []
  var signalRows: [SignalSweep.Row] = []
  /// Positions in the cell's displays of the scalars' per-iteration displays.
  var scalarDisplays: [Int] = []
  /// The iteration of the last scalar row, so one iteration's scalars share a row.
  var lastScalarIteration = -1
  /// Counts iterations of every loop level, to tell one iteration's shows from the next.
  var iteration = 0
  var shownOther = false

  init(variable: String) {
    variables = [variable]
  }

  mutating func addVariable(_ name: String) {
    guard !variables.contains(name) else { return }
    variables.append(name)
  }

  /// Gathers a value shown inside the loop. Returns false when the value must still be
  /// displayed now (everything but evaluations, which only the sweep table shows).
  /// - Parameter displayIndex: where the value's own display will go if it is shown now.
  /// - Parameter series: for an evaluation, the model as written in the call (`seriesName`).
  mutating func gather(
    _ value: RuntimeValue, name: String, series: String? = nil, key: [RuntimeValue],
    displayIndex: Int
  ) -> Bool {
    switch value {
    case .metrics(let m):
      metricRows.append(.init(key: key, metrics: m, series: series ?? m.modelLabel))
      return true
    case .signal(let s):
      signalRows.append(.init(key: key, signal: s))
    case _ where ScalarSweep.isScalar(value):
      if lastScalarIteration != iteration || scalarRows.isEmpty {
        scalarRows.append(.init(key: key, values: []))
        lastScalarIteration = iteration
      }
      let row = scalarRows.count - 1
      // A column named like a loop variable (`for bits in ... { bits }`) is qualified.
      let base = SweepColumns.column(name, avoiding: variables)
      var column = base
      var copy = 2
      while scalarRows[row].values.contains(where: { $0.name == column }) {
        column = "\(base) (\(copy))"
        copy += 1
      }
      scalarRows[row].values.append((column, value))
      scalarDisplays.append(displayIndex)
    default:
      shownOther = true
    }
    return false
  }

  /// Adds the gathered tables to the cell's displays, replacing what they summarise.
  func finish(into displays: inout [Display]) {
    if !metricRows.isEmpty {
      displays.append(.sweep(Sweep(variables: variables, rows: metricRows)))
      return
    }
    guard !shownOther else { return }
    if !scalarRows.isEmpty, signalRows.isEmpty {
      for index in scalarDisplays.sorted(by: >) where displays.indices.contains(index) {
        displays.remove(at: index)
      }
      displays.append(.scalarSweep(ScalarSweep(variables: variables, rows: scalarRows)))
    } else if !signalRows.isEmpty, scalarRows.isEmpty {
      displays.append(.signalSweep(SignalSweep(variables: variables, rows: signalRows)))
    }
  }
}

extension LoopResults {
  /// The series an evaluation shown in a loop belongs to: its model arguments as written,
  /// `evaluate(q, on: ...)` -> `q`, `compare(net, q, on: ...)` -> `q vs net` (the order of
  /// `compare`'s label); a call stands as its step and first argument,
  /// `evaluate(quantize(net, bits: bits), ...)` -> `quantize(net)`, so it is one series
  /// whatever the loop changes. Nil for anything else (the model's label is used then).
  static func seriesName(_ expression: TypedExpression) -> String? {
    guard case .call(let call) = expression.kind else { return nil }
    var names: [String] = []
    for argument in call.arguments {
      guard case .given(let given) = argument.source else { continue }
      switch given.type {
      case .model, .quantizedModel, .integerModel:
        guard let name = path(given) else { return nil }
        names.append(name)
      default: continue
      }
    }
    return names.isEmpty ? nil : names.reversed().joined(separator: " vs ")
  }

  /// `net` or `run.model`: a name and its members, as written; `quantize(net)` for a call.
  private static func path(_ expression: TypedExpression) -> String? {
    switch expression.kind {
    case .variable(let name): return name
    case .member(let base, let member): return path(base).map { "\($0).\(member)" }
    case .call(let call):
      let first = call.arguments.lazy.compactMap { argument -> String? in
        if case .given(let given) = argument.source { return path(given) ?? "…" }
        return nil
      }.first
      return "\(call.name)(\(first ?? ""))"
    case .literal, .list, .negate, .intToFloat, .binary, .invalid: return nil
    }
  }
}
