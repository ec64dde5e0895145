import HTMLReport

/// Names of a loop table's figure columns and JSON keys. The loop variables keep their own
/// names (and values): a figure named like one of them (`model`, `bits`, `scale` when the
/// loop runs `for scale in ...`) is qualified, `model (result)` in a table and `model_result`
/// in JSON, so no column or key is given twice.
enum SweepColumns {
  static func column(_ name: String, avoiding variables: [String]) -> String {
    variables.contains(name) ? "\(name) (result)" : name
  }

  static func key(_ name: String, avoiding variables: [String]) -> String {
    variables.contains(name) ? "\(name)_result" : name
  }

  static func members(_ members: [(String, JSON)], avoiding variables: [String]) -> [(String, JSON)]
  {
    members.map { (key($0.0, avoiding: variables), $0.1) }
  }

  /// A row's loop-variable cells: the values of `key`, blank for a variable it lacks.
  static func keyCells(_ key: [RuntimeValue], variables: [String]) -> [String] {
    key.map(\.inlineText) + Array(repeating: "", count: max(0, variables.count - key.count))
  }
}

/// The table (and chart) of a loop that showed scalars: a column per loop variable, then a
/// column per shown expression; with one numeric loop variable, a line chart of each value
/// column against it (drawn above the table).
enum ScalarSweepView {
  static func outputs(_ sweep: ScalarSweep) -> [CellOutput] {
    let names = sweep.valueNames
    let columns: [Table.Column] = .numeric(sweep.variables + names)
    let rows = sweep.rows.map { row -> [String] in
      var cells = SweepColumns.keyCells(row.key, variables: sweep.variables)
      for name in names {
        cells.append(row.values.first { $0.name == name }?.value.inlineText ?? "")
      }
      return cells
    }
    let caption = "\(names.joined(separator: ", ")) by \(sweep.variables.joined(separator: ", "))"
    // Charts first, then the table, as the sweep of evaluations draws them.
    let charts = names.compactMap { chart(sweep, value: $0) }.map { CellOutput.chart($0) }
    return charts + [.table(Table(caption: caption, columns: columns, rows: rows))]
  }

  /// `value` against the loop variable, when there is exactly one, it is numeric, every row
  /// has a number for `value` and there are at least two rows. Fractions are drawn in percent.
  static func chart(_ sweep: ScalarSweep, value name: String) -> Chart? {
    guard sweep.variables.count == 1, let variable = sweep.variables.first, sweep.rows.count >= 2
    else { return nil }
    let values = sweep.rows.map { row in row.values.first { $0.name == name }?.value }
    let fractions = values.filter { if case .fraction? = $0 { true } else { false } }.count
    // A column mixing fractions with plain numbers has no one unit to draw.
    guard fractions == 0 || fractions == values.count else { return nil }
    let scale = fractions > 0 ? 100.0 : 1.0
    var points: [(x: Double, y: Double)] = []
    for (row, value) in zip(sweep.rows, values) {
      guard let key = row.key.first, let x = number(key), let value, let y = number(value) else {
        return nil
      }
      points.append((x, y * scale))
    }
    points.sort { $0.x < $1.x }
    let yLabel = fractions > 0 ? "\(name) (%)" : name
    return .line(
      title: "\(name) against \(variable)",
      description:
        "The value of \(name) shown by each iteration of the loop, for each value of \(variable).",
      x: Axis(variable), y: Axis(yLabel),
      series: [LineChart.Series(name, x: points.map(\.x), y: points.map(\.y))])
  }

  /// An int, float or fraction as a Double; nil for anything else.
  static func number(_ value: RuntimeValue) -> Double? {
    switch value {
    case .int(let v): return Double(v)
    case .float(let v), .fraction(let v): return v
    default: return nil
    }
  }
}

/// The summary table under a loop's signal displays: the loop variables, then each signal's
/// levels, step (scale), mean squared and largest error, and SQNR.
enum SignalSweepView {
  static let figureColumns = ["signal", "levels", "scale", "MSE", "max |error|", "SQNR (dB)"]

  static func outputs(_ sweep: SignalSweep) -> [CellOutput] {
    let figures = figureColumns.map { SweepColumns.column($0, avoiding: sweep.variables) }
    let columns =
      .numeric(sweep.variables) + [Table.Column(figures[0])] + .numeric(Array(figures.dropFirst()))
    let rows = sweep.rows.map { row -> [String] in
      let s = row.signal
      let quantized = s.quantized != nil
      return SweepColumns.keyCells(row.key, variables: sweep.variables) + [
        s.label, s.levels.map(Format.count) ?? "", s.scale.map { Format.number($0) } ?? "",
        quantized ? Format.number(s.mse) : "", quantized ? Format.number(s.maxError) : "",
        quantized ? Format.fixed(s.sqnr, decimals: 2) : "",
      ]
    }
    return [
      .table(
        Table(
          caption: "Summary over \(sweep.variables.joined(separator: ", "))", columns: columns,
          rows: rows))
    ]
  }
}

extension ReportJSON {
  /// `{"kind": kind, "variables": [...], extra..., "rows": [{variable: value, ..., columns}]}`:
  /// each row's loop-variable values (`key`), then its `columns`.
  static func sweepJSON<Row>(
    _ kind: String, variables: [String], extra: [(String, JSON)] = [], rows: [Row],
    timings: Bool, key: (Row) -> [RuntimeValue], columns: (Row) -> [(String, JSON)]
  ) -> JSON {
    let rows = rows.map { row in
      JSON.object(
        zip(variables, key(row)).map { ($0, value($1, timings: timings)) } + columns(row))
    }
    return .object(
      [("kind", .string(kind)), ("variables", .array(variables.map { .string($0) }))] + extra
        + [("rows", .array(rows))])
  }

  /// `{"kind": "sweep", "variables": [...], "values": ["sqnr"],
  ///  "rows": [{"bits": 1, "sqnr": 0}, ...]}`.
  static func scalarSweep(_ sweep: ScalarSweep) -> JSON {
    sweepJSON(
      "sweep", variables: sweep.variables,
      extra: [("values", .array(sweep.valueNames.map { .string($0) }))], rows: sweep.rows,
      timings: false, key: \.key
    ) { $0.values.map { ($0.name, value($0.value, timings: false)) } }
  }

  /// `{"kind": "signal sweep", "variables": [...], "rows": [{"bits": 2, "name": ..., "levels": 4,
  /// "scale": 0.667, "mse": ..., "max_error": ..., "sqnr_db": ...}, ...]}`.
  static func signalSweep(_ sweep: SignalSweep) -> JSON {
    sweepJSON(
      "signal sweep", variables: sweep.variables, rows: sweep.rows, timings: false, key: \.key
    ) { row in
      let s = row.signal
      return SweepColumns.members(
        [
          ("name", .string(s.label)), ("bits", s.bits.map { .int($0) } ?? .null),
          ("levels", s.levels.map { .int($0) } ?? .null),
          ("scale", s.scale.map { .number($0) } ?? .null),
          ("mse", .number(s.mse)), ("max_error", .number(s.maxError)),
          ("sqnr_db", .number(s.sqnr)),
        ], avoiding: sweep.variables)
    }
  }
}
