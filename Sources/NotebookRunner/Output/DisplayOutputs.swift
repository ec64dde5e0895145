import HTMLReport

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

  /// A kind's own outputs (`ValueKind.outputs`); a plain value as a text block.
  static func outputs(for value: RuntimeValue, title: String?, timings: Bool) -> [CellOutput] {
    value.kind?.outputs(title: title, timings: timings) ?? [
      .text(TextBlock(title: title, value.inlineText(timings: timings)))
    ]
  }
}

/// The table and chart of a sweep: one row per evaluation, accuracy against the innermost
/// loop variable with one series per model as the loop body names it (`evaluate(q, ...)` and
/// `evaluate(net, ...)` draw lines `q` and `net`), and per outer loop value.
enum SweepView {
  static func outputs(_ sweep: Sweep) -> [CellOutput] {
    let extras = sweep.extraNames
    // A figure named like a loop variable (`for model in ...`) is qualified, never merged.
    let figure = { (name: String) in SweepColumns.column(name, avoiding: sweep.variables) }
    var columns: [Table.Column] = .numeric(sweep.variables)
    columns += [
      .init(figure("model")), .init(figure("accuracy"), .numeric),
      .init(figure("95% interval"), .numeric), .init(figure("loss"), .numeric),
    ]
    if sweep.hasAgreement { columns.append(.init(figure("agreement"), .numeric)) }
    columns += .numeric(extras.map(figure))
    let rows = sweep.rows.map { row -> [String] in
      var cells = SweepColumns.keyCells(row.key, variables: sweep.variables)
      cells += [
        row.metrics.modelLabel, Format.percent(row.metrics.evaluation.accuracy, decimals: 2),
        AccuracyNoise.intervalText(
          accuracy: row.metrics.evaluation.accuracy, count: row.metrics.evaluation.predictions.count
        ),
        row.metrics.evaluation.loss.isNaN ? "n/a" : Format.number(row.metrics.evaluation.loss),
      ]
      if sweep.hasAgreement {
        cells.append(row.metrics.agreement.map { Format.percent($0, decimals: 2) } ?? "")
      }
      for name in extras {
        cells.append(row.metrics.extras.first { $0.name == name }?.value.inlineText ?? "")
      }
      return cells
    }
    var outputs: [CellOutput] = [
      .table(
        Table(
          caption: "Sweep over \(sweep.variables.joined(separator: ", "))",
          columns: columns, rows: rows))
    ]
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
      let outer = row.key.prefix(index).enumerated().map {
        "\(sweep.variables[$0.offset]) = \($0.element.inlineText)"
      }
      let name = ([row.series] + outer).joined(separator: ", ")
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
