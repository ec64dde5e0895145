import HTMLReport
import Kernels
import Quantization

/// `gates`: the per-gate error table and the error-against-time-step chart of a quantized word
/// model (`RecurrentErrorReport` of its fake-quant simulation against the float layer).
enum GateSteps {
  static let all: [String: StepBody] = [
    "gates": { call throws(StepFailure) in
      guard case .quantized(let q) = try call.value("quantized") else {
        throw StepFailure("internal error: gates needs a quantized model", at: call.range)
      }
      guard q.quantized.model.hasRecurrentLayers else {
        throw StepFailure(
          "\(q.label) has no recurrent layer, so it has no gates", at: call.range(of: "quantized"),
          hint: "use errors(\(q.label)) for the per-layer error of a conv/dense model")
      }
      guard let classifier = q.recurrent else {
        throw StepFailure(
          "\(q.label) quantizes weights only: its gates and state have no grids to measure",
          at: call.range(of: "quantized"), hint: "quantize with mode: weights_and_activations")
      }
      let split = try call.split("on")
      try RecurrentModels.checkShape(q.quantized.model, split, call: call)
      let words = recurrentBatch(split.split, limit: try call.int("count"))
      let report = try call.engine {
        try classifier.errorReport(
          tokens: words.tokens, lengths: words.lengths, steps: words.steps)
      }
      return .table(
        table(report, classifier, label: q.label, split: split.name, count: words.lengths.count))
    }
  ]

  /// One row per gate input, then h (and the LSTM's c); the chart of |h − ĥ| against t.
  static func table(
    _ report: RecurrentErrorReport, _ q: QuantizedRecurrentClassifier, label: String,
    split: String, count: Int
  ) -> TableValue {
    let cell = report.cell
    var rows = report.gates.map { g -> [String] in
      [
        "\(g.gate.symbol(in: cell)) (\(g.gate.rawValue) gate input)",
        Format.number(g.minimum), Format.number(g.maximum),
        Format.percent(g.saturatedFraction, decimals: 2), QuantizationViews.sqnr(g.sqnrDecibels),
        "Q3.12 (step 1/4096)",
      ]
    }
    let state = q.ranges.state
    rows.append([
      "h (state)", Format.number(Double(state.minimum)), Format.number(Double(state.maximum)),
      "", QuantizationViews.sqnr(report.outputSQNR),
      "int8, s_h = \(Format.number(Double(q.layer.stateScale)))",
    ])
    if let c = q.ranges.cellState {
      rows.append([
        "c (cell state)", Format.number(Double(c.minimum)), Format.number(Double(c.maximum)), "",
        "", "int16, step 2^-\(q.layer.cellFractionBits)",
      ])
    }
    let t = report.steps.map { Double($0.step) }
    let chart = Chart.line(
      title: "Error of the state h against the time step: \(label) on \(split)",
      description:
        "Root mean square and largest |h − ĥ| between the float layer and its \(report.bits)-bit "
        + "simulation after each letter t, over the words at least t letters long; the flat "
        + "line is half a step of h's grid.",
      x: Axis("time step t (letter)"), y: Axis("|h − ĥ|"),
      series: [
        .init("RMS", x: t, y: report.steps.map(\.rms)),
        .init("largest", x: t, y: report.steps.map(\.maxAbsolute)),
        .init("half an h step", x: t, y: t.map { _ in Double(q.layer.stateScale) / 2 }),
      ])
    let table = Table(
      caption:
        "Gates of \(label) (\(cell.rawValue), \(report.bits)-bit weights) on the first "
        + "\(Format.count(count)) words of \(split): ranges of the float layer, SQNR of the "
        + "simulation (h: after each word's last letter)",
      columns: [.init("value")] + .numeric(["min", "max", "saturated (±8)", "SQNR (dB)"])
        + [.init("grid")],
      rows: rows)
    return TableValue(table: table, charts: [chart])
  }
}
