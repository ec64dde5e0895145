import HTMLReport
import StepLanguage
import TensorEngine

/// Tables and charts for values: what the report draws for each kind of value.
enum Views {
  /// What an assignment shows besides binding its name: a new model's layer table, a trained
  /// model's training curves.
  static func onAssignment(_ value: RuntimeValue, name: String, expression: TypedExpression) -> [Display] {
    guard case .call(let call) = expression.kind else { return [] }
    switch (call.name, value) {
    case ("sequential", .model(let m)):
      return [.value(.table(summary(m.model)), title: nil)]
    case ("train", .model(let m)):
      guard let history = m.history, !history.epochs.isEmpty else { return [] }
      return [.value(.history(history), title: "Training of \(name)")]
    default:
      return QuantizedValues.onAssignment(value, name: name, step: call.name)
    }
  }

  /// The layer table of a model: name, output shape, parameters, bytes as float32.
  static func summary(_ model: Sequential) -> TableValue {
    var rows: [[String]] = [["input", shapeText(model.inputShape), "", ""]]
    for (i, layer) in model.summary().enumerated() {
      rows.append([
        "\(i + 1). \(layer.name)", shapeText(layer.outputShape), Format.count(layer.parameters),
        Format.count(layer.parameters * 4),
      ])
    }
    rows.append(["total", "", Format.count(model.parameterCount), Format.count(model.parameterCount * 4)])
    return TableValue(table: Table(
      caption: "Layers",
      columns: [.init("layer"), .init("output shape"), .init("parameters", .numeric), .init("bytes (float32)", .numeric)],
      rows: rows))
  }

  static func shapeText(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: "×") }

  /// Accuracy and loss per epoch, as two line charts and a table.
  static func history(_ h: History, title: String, timings: Bool) -> [CellOutput] {
    let epochs = h.epochs.map { Double($0.epoch) }
    var accuracy = [LineChart.Series("train", x: epochs, y: h.epochs.map { $0.trainAccuracy * 100 })]
    var loss = [LineChart.Series("train", x: epochs, y: h.epochs.map(\.trainLoss))]
    let hasTest = h.epochs.contains { $0.testAccuracy != nil }
    if hasTest {
      accuracy.append(.init("validation", x: epochs, y: h.epochs.map { ($0.testAccuracy ?? .nan) * 100 }))
      loss.append(.init("validation", x: epochs, y: h.epochs.map { $0.testLoss ?? .nan }))
    }
    let epochAxis = Axis("epoch", domain: 1...Double(max(2, h.epochs.count)))
    var columns: [Table.Column] = [
      .init("epoch", .numeric), .init("learning rate", .numeric), .init("train loss", .numeric),
      .init("train accuracy", .numeric),
    ]
    if hasTest { columns += [.init("validation loss", .numeric), .init("validation accuracy", .numeric)] }
    if timings { columns += [.init("seconds", .numeric), .init("images/s", .numeric)] }
    let rows = h.epochs.map { e -> [String] in
      var row = [
        String(e.epoch), Format.number(Double(e.learningRate)), Format.number(e.trainLoss),
        Format.percent(e.trainAccuracy, decimals: 2),
      ]
      if hasTest {
        row += [e.testLoss.map { Format.number($0) } ?? "", e.testAccuracy.map { Format.percent($0, decimals: 2) } ?? ""]
      }
      return timings ? row + [Format.fixed(e.seconds, decimals: 1), Format.count(Int(e.imagesPerSecond.rounded()))] : row
    }
    let table = CellOutput.table(Table(caption: "\(title), epoch by epoch", columns: columns, rows: rows))
    guard h.epochs.count >= 2 else { return [table] }
    return [
      .chart(.line(
        title: "\(title): accuracy per epoch", description: "Accuracy in percent after each epoch of training.",
        x: epochAxis, y: Axis("accuracy (%)"), series: accuracy)),
      .chart(.line(
        title: "\(title): loss per epoch", description: "Mean loss per image over each epoch.",
        x: epochAxis, y: Axis("loss"), series: loss)),
      table,
    ]
  }

  /// Accuracy, loss and extras as a metric list, and the confusion matrix as a heatmap.
  static func metrics(_ m: MetricsValue, title: String?) -> [CellOutput] {
    var items = [
      Metric("accuracy", Format.percent(m.evaluation.accuracy, decimals: 2)),
      Metric("loss", m.evaluation.loss.isNaN ? "n/a (not computed)" : Format.number(m.evaluation.loss)),
      Metric("images", Format.count(m.evaluation.predictions.count)),
    ]
    if let agreement = m.agreement { items.append(Metric("agreement with float", Format.percent(agreement, decimals: 2))) }
    for extra in m.extras { items.append(Metric(extra.name, extra.value.inlineText)) }
    let heading = title.map { "\(m.modelLabel) on \(m.splitName) (\($0))" } ?? "\(m.modelLabel) on \(m.splitName)"
    var outputs: [CellOutput] = [.metrics(MetricList(title: heading, items))]
    let confusion = m.evaluation.confusion
    if confusion.count > 1 {
      let names = m.classNames.count == confusion.count ? m.classNames : confusion.indices.map(String.init)
      outputs.append(.chart(.heatmap(
        title: "Confusion matrix of \(m.modelLabel)",
        description: "Counts of test images by true class (rows) and predicted class (columns).",
        rowLabels: names, columnLabels: names, rowAxisLabel: "true class", columnAxisLabel: "predicted class",
        values: confusion.map { $0.map(Double.init) })))
      outputs.append(.table(Table(
        caption: "Accuracy per class",
        columns: [.init("class"), .init("accuracy", .numeric), .init("images", .numeric)],
        rows: names.indices.map { c in
          [names[c], Format.percent(m.evaluation.perClassAccuracy[c], decimals: 1), Format.count(confusion[c].reduce(0, +))]
        })))
    }
    return outputs
  }
}
