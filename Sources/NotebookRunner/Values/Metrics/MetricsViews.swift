import HTMLReport

extension MetricsValue {
  /// Accuracy, loss and extras as a metric list, and the confusion matrix as a heatmap.
  func outputs(title: String?, timings: Bool) -> [CellOutput] {
    let m = self
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

  func json(timings: Bool) -> JSON { .object([("kind", .string("metrics"))] + jsonMembers(full: true)) }

  /// Model, split, accuracy, loss, images, agreement and extras; `full` adds the per-class
  /// accuracy and the confusion matrix (a sweep row leaves them out).
  func jsonMembers(full: Bool) -> [(String, JSON)] {
    let m = self
    var members: [(String, JSON)] = [
      ("model", .string(m.modelLabel)), ("split", .string(m.splitName)),
      ("accuracy", .number(m.evaluation.accuracy)), ("loss", .number(m.evaluation.loss)),
      ("images", .int(m.evaluation.predictions.count)),
    ]
    if let agreement = m.agreement { members.append(("agreement", .number(agreement))) }
    for extra in m.extras { members.append((extra.name, ReportJSON.value(extra.value, timings: true))) }
    if full {
      members.append(("per_class_accuracy", .array(m.evaluation.perClassAccuracy.map { .number($0) })))
      members.append(("confusion", .array(m.evaluation.confusion.map { .array($0.map { .int($0) }) })))
    }
    return members
  }
}
