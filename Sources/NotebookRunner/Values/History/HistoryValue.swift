import HTMLReport
import MarkdownNotebook
import TensorEngine

/// A training history (`net.history`): one record per epoch.
extension History: ValueKind {
  var inlineText: String { "\(epochs.count) epochs" }

  /// Accuracy figures are on the validation split when training had one, else on the
  /// training batches; fractions in [0, 1].
  func member(_ name: String, at range: SourceRange) throws(StepFailure) -> RuntimeValue {
    let accuracies = epochs.map { $0.testAccuracy ?? $0.trainAccuracy }
    let losses = epochs.map { $0.testLoss ?? $0.trainLoss }
    switch name {
    case "epochs": return .int(epochs.count)
    case "accuracy": return .list(accuracies.map { .fraction($0) })
    case "loss": return .list(losses.map { .float($0) })
    case "seconds": return .duration(epochs.reduce(0) { $0 + $1.seconds })
    case "final_accuracy", "final_loss", "best_accuracy":
      guard let last = (name == "final_loss" ? losses : accuracies).last else {
        throw StepFailure("the model was never trained, so its history is empty", at: range)
      }
      if name == "final_loss" { return .float(last) }
      return .fraction(name == "best_accuracy" ? accuracies.max() ?? last : last)
    default:
      throw StepFailure("internal error: History has no member '\(name)'", at: range)
    }
  }

  /// Accuracy and loss per epoch, as two line charts and a table (titled "Training" unless
  /// given a title); `timings` adds seconds and images/s (words/s for a word set) per epoch.
  func outputs(title: String?, timings: Bool) -> [CellOutput] {
    let (h, title) = (self, title ?? "Training")
    let epochs = h.epochs.map { Double($0.epoch) }
    var accuracy = [
      LineChart.Series("train", x: epochs, y: h.epochs.map { $0.trainAccuracy * 100 })
    ]
    var loss = [LineChart.Series("train", x: epochs, y: h.epochs.map(\.trainLoss))]
    let hasTest = h.epochs.contains { $0.testAccuracy != nil }
    if hasTest {
      accuracy.append(
        .init("validation", x: epochs, y: h.epochs.map { ($0.testAccuracy ?? .nan) * 100 }))
      loss.append(.init("validation", x: epochs, y: h.epochs.map { $0.testLoss ?? .nan }))
    }
    let epochAxis = Axis("epoch", domain: 1...Double(max(2, h.epochs.count)))
    var columns = ["epoch", "learning rate", "train loss", "train accuracy"]
    if hasTest { columns += ["validation loss", "validation accuracy"] }
    if timings { columns += ["seconds", "\(h.sampleNoun)/s"] }
    let rows = h.epochs.map { e -> [String] in
      var row = [
        String(e.epoch), Format.number(Double(e.learningRate)), Format.number(e.trainLoss),
        Format.percent(e.trainAccuracy, decimals: 2),
      ]
      if hasTest {
        row += [
          e.testLoss.map { Format.number($0) } ?? "",
          e.testAccuracy.map { Format.percent($0, decimals: 2) } ?? "",
        ]
      }
      return timings
        ? row + [
          Format.fixed(e.seconds, decimals: 1), Format.count(Int(e.imagesPerSecond.rounded())),
        ] : row
    }
    let table = CellOutput.table(
      Table(caption: "\(title), epoch by epoch", columns: .numeric(columns), rows: rows))
    guard h.epochs.count >= 2 else { return [table] }
    return [
      .chart(
        .line(
          title: "\(title): accuracy per epoch",
          description: "Accuracy in percent after each epoch of training.",
          x: epochAxis, y: Axis("accuracy (%)"), series: accuracy)),
      .chart(
        .line(
          title: "\(title): loss per epoch", description: "Mean loss per image over each epoch.",
          x: epochAxis, y: Axis("loss"), series: loss)),
      table,
    ]
  }

  func json(timings: Bool) -> JSON {
    .object([
      ("kind", .string("history")),
      (
        "epochs",
        .records(epochs) { e in
          var members: [(String, JSON)] = [
            ("epoch", .int(e.epoch)), ("learning_rate", .number(Double(e.learningRate))),
            ("train_loss", .number(e.trainLoss)), ("train_accuracy", .number(e.trainAccuracy)),
          ]
          if let loss = e.testLoss { members.append(("validation_loss", .number(loss))) }
          if let accuracy = e.testAccuracy {
            members.append(("validation_accuracy", .number(accuracy)))
          }
          if timings {
            members += [
              // The key stays "images_per_second" for word sets too (as `evaluate`'s
              // "images"), so scripts read one name.
              ("seconds", .number(e.seconds)), ("images_per_second", .number(e.imagesPerSecond)),
            ]
          }
          return members
        }
      ),
    ])
  }

  /// Tag 10, then the epochs and the sample noun (`CacheWriter.history`).
  func encode(into w: inout CacheWriter, reference: (NamedSplit) -> SplitReference?) -> Bool {
    w.u8(10); w.history(self)
    return true
  }
}

extension CacheWriter {
  mutating func history(_ h: History) {
    array(h.epochs) { w, e in
      w.int(e.epoch); w.float(e.learningRate); w.double(e.trainLoss); w.double(e.trainAccuracy)
      w.optional(e.testLoss) { $0.double($1) }; w.optional(e.testAccuracy) { $0.double($1) }
      w.double(e.seconds); w.double(e.imagesPerSecond)
    }
    string(h.sampleNoun)
  }
}

extension CacheReader {
  mutating func history() throws(CacheDecodingError) -> History {
    History(
      epochs: try array { r throws(CacheDecodingError) -> EpochRecord in
        EpochRecord(
          epoch: try r.int(), learningRate: try r.float(), trainLoss: try r.double(),
          trainAccuracy: try r.double(),
          testLoss: try r.optionalDouble(), testAccuracy: try r.optionalDouble(),
          seconds: try r.double(), imagesPerSecond: try r.double())
      }, sampleNoun: try string())
  }
}
