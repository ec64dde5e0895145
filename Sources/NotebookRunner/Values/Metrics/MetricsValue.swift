import HTMLReport
import MarkdownNotebook
import TensorEngine

/// What `evaluate` and `compare` measured.
struct MetricsValue: ValueKind {
  var evaluation: Evaluation
  /// The model measured (`net`, `q (4-bit linear)`).
  var modelLabel: String
  var splitName: String
  var classNames: [String]
  /// Fraction of predictions equal to a reference model's (compare, or a quantized model
  /// against the float model it came from).
  var agreement: Double?
  /// Extra figures to show beside accuracy and loss (size, bits, ...), in order.
  var extras: [(name: String, value: RuntimeValue)] = []
  /// The true class of each image (empty when not known): pairs two evaluations on the same
  /// images for a paired interval (`AccuracyNoise`).
  var labels: [Int] = []
  /// For token data (words): each sample's length and whether it was predicted right
  /// (1 or 0), for the accuracy-by-length view.
  var sequenceLengths: (lengths: [Int], correct: [Int])? = nil

  var inlineText: String { Format.percent(evaluation.accuracy) }

  /// What one sample is called: `words` for token data (the word set), else `images`.
  var noun: String { sequenceLengths == nil ? "images" : "words" }

  func member(_ name: String, at range: SourceRange) throws(StepFailure) -> RuntimeValue {
    switch name {
    case "accuracy": return .fraction(evaluation.accuracy)
    case "loss": return .float(evaluation.loss)
    case "agreement":
      guard let agreement else {
        throw StepFailure(
          "\(modelLabel) was not compared with another model, so it has no agreement",
          at: range, hint: "use compare(a, b, on: split), or evaluate a quantized model")
      }
      return .fraction(agreement)
    case "count": return .int(evaluation.predictions.count)
    default: throw .noMember(name, at: range)
    }
  }

  /// Accuracy, loss and extras as a metric list, and the confusion matrix as a heatmap.
  func outputs(title: String?, timings: Bool) -> [CellOutput] {
    var items = [
      Metric(
        "accuracy",
        Format.percent(evaluation.accuracy, decimals: 2) + " "
          + AccuracyNoise.intervalText(
            accuracy: evaluation.accuracy, count: evaluation.predictions.count)
          + " (95%)"),
      Metric("loss", evaluation.loss.isNaN ? "n/a (not computed)" : Format.number(evaluation.loss)),
      Metric(noun, Format.count(evaluation.predictions.count)),
    ]
    if let agreement {
      items.append(Metric("agreement with float", Format.percent(agreement, decimals: 2)))
    }
    for extra in extras { items.append(Metric(extra.name, extra.value.inlineText)) }
    let heading =
      title.map { "\(modelLabel) on \(splitName) (\($0))" } ?? "\(modelLabel) on \(splitName)"
    var outputs: [CellOutput] = [.metrics(MetricList(title: heading, items))]
    let confusion = evaluation.confusion
    if confusion.count > 1 {
      let names =
        classNames.count == confusion.count ? classNames : confusion.indices.map(String.init)
      outputs.append(
        .chart(
          .heatmap(
            title: "Confusion matrix of \(modelLabel)",
            description:
              "Counts of test \(noun) by true class (rows) and predicted class (columns).",
            rowLabels: names, columnLabels: names, rowAxisLabel: "true class",
            columnAxisLabel: "predicted class",
            values: confusion.map { $0.map(Double.init) })))
      outputs.append(
        .table(
          Table(
            caption: "Accuracy per class",
            columns: [.init("class"), .init("accuracy", .numeric), .init(noun, .numeric)],
            rows: names.indices.map { c in
              [
                names[c], Format.percent(evaluation.perClassAccuracy[c], decimals: 1),
                Format.count(confusion[c].reduce(0, +)),
              ]
            })))
    }
    if let sequenceLengths {
      outputs += SequenceViews.accuracyByLength(self, sequenceLengths)
    }
    return outputs
  }

  func json(timings: Bool) -> JSON {
    .object([("kind", .string("metrics"))] + jsonMembers(full: true))
  }

  /// Model, split, accuracy, loss, images, agreement and extras; `full` adds the per-class
  /// accuracy and the confusion matrix (a sweep row leaves them out).
  func jsonMembers(full: Bool) -> [(String, JSON)] {
    var members: [(String, JSON)] = [
      ("model", .string(modelLabel)), ("split", .string(splitName)),
      ("accuracy", .number(evaluation.accuracy)), ("loss", .number(evaluation.loss)),
      ("images", .int(evaluation.predictions.count)),
      (
        "accuracy_95",
        .number(
          AccuracyNoise.halfWidth(
            accuracy: evaluation.accuracy, count: evaluation.predictions.count))
      ),
    ]
    if let agreement { members.append(("agreement", .number(agreement))) }
    for extra in extras {
      members.append((extra.name, ReportJSON.value(extra.value, timings: true)))
    }
    if full {
      members.append(
        ("per_class_accuracy", .array(evaluation.perClassAccuracy.map { .number($0) })))
      members.append(
        ("confusion", .array(evaluation.confusion.map { .array($0.map { .int($0) }) })))
    }
    return members
  }

  /// Tag 9: the evaluation, labels, agreement, then each extra's name and value (not stored
  /// when an extra's value is not), then the images' true classes.
  func encode(into w: inout CacheWriter, reference: (NamedSplit) -> SplitReference?) -> Bool {
    w.u8(9); w.evaluation(evaluation); w.string(modelLabel); w.string(splitName);
    w.strings(classNames)
    w.optional(agreement) { $0.double($1) }
    w.int(extras.count)
    for extra in extras {
      w.string(extra.name)
      if !ValueCoding.encode(extra.value, into: &w, reference: reference) { return false }
    }
    w.ints(labels)
    w.optional(sequenceLengths) {
      $0.ints($1.lengths)
      $0.ints($1.correct)
    }
    return true
  }

  static func decode(_ r: inout CacheReader, split: SplitResolver) throws(CacheDecodingError)
    -> MetricsValue
  {
    var m = MetricsValue(
      evaluation: try r.evaluation(), modelLabel: try r.string(), splitName: try r.string(),
      classNames: try r.strings())
    m.agreement = try r.optionalDouble()
    m.extras = try r.array { r throws(CacheDecodingError) in
      (name: try r.string(), value: try ValueCoding.decode(&r, split: split))
    }
    m.labels = try r.ints()
    m.sequenceLengths = try r.optional { r throws(CacheDecodingError) in
      (try r.ints(), try r.ints())
    }
    return m
  }
}

extension MetricsValue {
  /// The figures of `evaluation` of `model` on `split`, with the split's classes and labels.
  init(_ evaluation: Evaluation, of model: String, on split: NamedSplit) {
    self.init(
      evaluation: evaluation, modelLabel: model, splitName: split.name,
      classNames: split.classNames)
    labels = split.split.labels.map(Int.init)
  }

  /// Inserts at `index` of the extras the paired difference (with its 95% interval) of this
  /// accuracy minus that of `reference`'s predictions on the same images, when they line up.
  mutating func insertDifference(_ name: String, from reference: [Int], at index: Int) {
    guard
      let delta = AccuracyNoise.paired(
        first: reference, second: evaluation.predictions, labels: labels)
    else { return }
    extras.insert((name, .string(AccuracyNoise.differenceText(delta.0, delta.1))), at: index)
  }
}

extension CacheWriter {
  mutating func evaluation(_ e: Evaluation) {
    double(e.accuracy); double(e.loss); doubles(e.perClassAccuracy);
    array(e.confusion) { $0.ints($1) }; ints(e.predictions)
  }
}

extension CacheReader {
  mutating func evaluation() throws(CacheDecodingError) -> Evaluation {
    Evaluation(
      accuracy: try double(), loss: try double(), perClassAccuracy: try doubles(),
      confusion: try array { r throws(CacheDecodingError) in try r.ints() }, predictions: try ints()
    )
  }
}
