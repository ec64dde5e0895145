/// The evaluations of a `for` loop, gathered into one table: a row per evaluation, keyed by
/// the loop variables' values (outermost first).
struct Sweep: Sendable {
  struct Row: Sendable {
    var key: [RuntimeValue]
    var metrics: MetricsValue
    /// The chart series the row belongs to: the model as the loop body names it
    /// (`evaluate(q, ...)` -> `q`), so two evaluations per iteration draw two lines.
    var series: String
  }

  /// Loop variables, outermost first.
  let variables: [String]
  let rows: [Row]

  /// Names of the extra figures, in first-seen order. The scheme's long description stays in
  /// the JSON; the loop variables already say it.
  var extraNames: [String] {
    rows.flatMap { $0.metrics.extras.map(\.name) }.filter { $0 != "scheme" }.firstSeen
  }

  /// Whether any row carries an agreement figure.
  var hasAgreement: Bool { rows.contains { $0.metrics.agreement != nil } }
}

extension Sequence where Element: Hashable {
  /// The elements in first-seen order, each once (a loop table's columns).
  var firstSeen: [Element] {
    var seen: Set<Element> = []
    return filter { seen.insert($0).inserted }
  }
}
