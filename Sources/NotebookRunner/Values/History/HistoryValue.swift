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

  func json(timings: Bool) -> JSON {
    .object([("kind", .string("history")), ("epochs", .array(epochs.map { e in
      var members: [(String, JSON)] = [
        ("epoch", .int(e.epoch)), ("learning_rate", .number(Double(e.learningRate))),
        ("train_loss", .number(e.trainLoss)), ("train_accuracy", .number(e.trainAccuracy)),
      ]
      if let loss = e.testLoss { members.append(("validation_loss", .number(loss))) }
      if let accuracy = e.testAccuracy { members.append(("validation_accuracy", .number(accuracy))) }
      if timings { members += [("seconds", .number(e.seconds)), ("images_per_second", .number(e.imagesPerSecond))] }
      return .object(members)
    }))])
  }

  /// Tag 10, then the epochs (`CacheWriter.history`).
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
  }
}

extension CacheReader {
  mutating func history() throws(CacheDecodingError) -> History {
    History(epochs: try array { r throws(CacheDecodingError) -> EpochRecord in
      EpochRecord(
        epoch: try r.int(), learningRate: try r.float(), trainLoss: try r.double(),
        trainAccuracy: try r.double(),
        testLoss: try r.optional { r throws(CacheDecodingError) in try r.double() },
        testAccuracy: try r.optional { r throws(CacheDecodingError) in try r.double() },
        seconds: try r.double(), imagesPerSecond: try r.double())
    })
  }
}
