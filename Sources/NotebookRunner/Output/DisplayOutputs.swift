import HTMLReport
import TensorEngine

/// Turns what a cell displays into report outputs.
enum DisplayOutputs {
  /// `timings: false` leaves out seconds and images/s, so reproducible runs give identical bytes.
  static func outputs(for display: Display, timings: Bool) -> [CellOutput] {
    switch display {
    case .value(let value, let title): return outputs(for: value, title: title, timings: timings)
    case .sweep(let sweep): return SweepView.outputs(sweep)
    case .scalarSweep(let sweep): return ScalarSweepView.outputs(sweep)
    case .signalSweep(let sweep): return SignalSweepView.outputs(sweep)
    case .restored(let restored): return restored.outputs(timings: timings)
    }
  }

  static func outputs(for value: RuntimeValue, title: String?, timings: Bool) -> [CellOutput] {
    switch value {
    case .metrics(let m): return Views.metrics(m, title: title)
    case .history(let h): return Views.history(h, title: title ?? "Training", timings: timings)
    case .table(let t):
      // A table of measured times (`speed`) is shown without them, and without its charts.
      var table = timings ? t.table : t.untimed ?? t.table
      if let title { table.caption = [table.caption, title].compactMap { $0 }.joined(separator: " — ") }
      return [.table(table)] + (timings || t.untimed == nil ? t.charts.map { .chart($0) } : [])
    case .chart(let chart): return [.chart(chart)]
    case .dataset(let d): return outputs(for: .table(DataSteps.describe(d)), title: title, timings: timings)
    case .model(let m):
      var outputs: [CellOutput] = [.modelSummary(Views.summary(m.model).table)]
      if let h = m.history, !h.epochs.isEmpty {
        outputs += Views.history(h, title: "Training of \(m.label)", timings: timings)
      }
      return outputs
    case .signal(let s): return SignalSteps.outputs(s)
    case .split(let s):
      return [.metrics(MetricList(title: s.name, [
        Metric("images", Format.count(s.split.count)), Metric("shape", Views.shapeText(s.split.imageShape)),
      ]))]
    default:
      if let outputs = QuantizedValues.outputs(for: value, title: title, timings: timings) { return outputs }
      return [.text(TextBlock(title: title, value.inlineText(timings: timings)))]
    }
  }
}

/// The table and chart of a sweep: one row per evaluation, accuracy against the innermost
/// loop variable with one series per model (and outer loop values).
enum SweepView {
  static func outputs(_ sweep: Sweep) -> [CellOutput] {
    let extras = sweep.extraNames
    var columns = sweep.variables.map { Table.Column($0, .numeric) }
    columns += [.init("model"), .init("accuracy", .numeric), .init("loss", .numeric)]
    if sweep.hasAgreement { columns.append(.init("agreement", .numeric)) }
    columns += extras.map { Table.Column($0, .numeric) }
    let rows = sweep.rows.map { row -> [String] in
      var cells = row.key.map(\.inlineText)
      while cells.count < sweep.variables.count { cells.append("") }
      cells += [row.metrics.modelLabel, Format.percent(row.metrics.evaluation.accuracy, decimals: 2),
                row.metrics.evaluation.loss.isNaN ? "n/a" : Format.number(row.metrics.evaluation.loss)]
      if sweep.hasAgreement { cells.append(row.metrics.agreement.map { Format.percent($0, decimals: 2) } ?? "") }
      for name in extras {
        cells.append(row.metrics.extras.first { $0.name == name }?.value.inlineText ?? "")
      }
      return cells
    }
    var outputs: [CellOutput] = [.table(Table(caption: "Sweep over \(sweep.variables.joined(separator: ", "))",
                                              columns: columns, rows: rows))]
    if let chart = chart(sweep) { outputs.insert(.chart(chart), at: 0) }
    return outputs
  }

  /// Accuracy against the innermost variable when it is numeric or a constant.
  private static func chart(_ sweep: Sweep) -> Chart? {
    guard let variable = sweep.variables.last, sweep.rows.count >= 2 else { return nil }
    let index = sweep.variables.count - 1
    var categories: [String] = []
    var numeric = true
    for row in sweep.rows where row.key.count > index {
      let text = row.key[index].inlineText
      if !categories.contains(text) { categories.append(text) }
      switch row.key[index] {
      case .int, .float: break
      default: numeric = false
      }
    }
    var seriesOrder: [String] = []
    var points: [String: [(Double, Double)]] = [:]
    for row in sweep.rows where row.key.count > index {
      let outer = row.key.prefix(index).enumerated().map { "\(sweep.variables[$0.offset]) = \($0.element.inlineText)" }
      let name = ([row.metrics.modelLabel] + outer).joined(separator: ", ")
      if points[name] == nil { seriesOrder.append(name) }
      let x: Double
      switch row.key[index] {
      case .int(let v) where numeric: x = Double(v)
      case .float(let v) where numeric: x = v
      default: x = Double(categories.firstIndex(of: row.key[index].inlineText) ?? 0)
      }
      points[name, default: []].append((x, row.metrics.evaluation.accuracy * 100))
    }
    let series = seriesOrder.map { name in
      let sorted = points[name]!.sorted { $0.0 < $1.0 }
      return LineChart.Series(name, x: sorted.map(\.0), y: sorted.map(\.1))
    }
    let axis = numeric ? Axis(variable) : Axis(variable, scale: .categorical(categories))
    return .line(
      title: "Accuracy against \(variable)",
      description: "Accuracy in percent for each value of \(variable), one line per model.",
      x: axis, y: Axis("accuracy (%)"), series: series)
  }
}
