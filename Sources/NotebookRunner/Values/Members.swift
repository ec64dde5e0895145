import MarkdownNotebook
import TensorEngine

/// `base.member` at run time; the members are those `StepLanguage.Members` declares.
enum Members {
  static func value(of base: RuntimeValue, member: String, at range: SourceRange) throws(StepFailure)
    -> RuntimeValue
  {
    switch (base, member) {
    case (.dataset(let d), "train"): return .split(d.train)
    case (.dataset(let d), "test"): return .split(d.test)
    case (.dataset(let d), "classes"): return .int(d.dataset.classNames.count)
    case (.split(let s), "count"): return .int(s.split.count)
    case (.split(let s), "shape"): return .shape(s.split.imageShape)
    case (.model(let m), "history"): return .history(m.history ?? History())
    case (.model(let m), "parameters"): return .int(m.model.parameterCount)
    case (.model(let m), "input"): return .shape(m.model.inputShape)
    case (.model(let m), "output"): return .shape(m.model.outputShape)
    case (.history(let h), _): return try historyMember(h, member, at: range)
    case (.metrics(let m), "accuracy"): return .fraction(m.evaluation.accuracy)
    case (.metrics(let m), "loss"): return .float(m.evaluation.loss)
    case (.metrics(let m), "agreement"):
      guard let agreement = m.agreement else {
        throw StepFailure(
          "\(m.modelLabel) was not compared with another model, so it has no agreement",
          at: range, hint: "use compare(a, b, on: split), or evaluate a quantized model")
      }
      return .fraction(agreement)
    case (.metrics(let m), "count"): return .int(m.evaluation.predictions.count)
    case (.table(let t), "rows"): return .int(t.table.rows.count)
    case (.signal(let s), "samples"): return .int(s.original.count)
    case (.signal(let s), "levels"): return .int(s.levels ?? 0)
    case (.signal(let s), "mse"): return .float(s.mse)
    case (.signal(let s), "sqnr"): return .float(s.sqnr)
    default:
      if let value = try QuantizedValues.member(of: base, member, at: range) { return value }
      throw StepFailure("internal error: no member '\(member)' at run time", at: range)
    }
  }

  /// History members. Accuracy figures are on the validation split when training had one,
  /// else on the training batches; fractions in [0, 1].
  private static func historyMember(_ h: History, _ member: String, at range: SourceRange)
    throws(StepFailure) -> RuntimeValue
  {
    let accuracies = h.epochs.map { $0.testAccuracy ?? $0.trainAccuracy }
    let losses = h.epochs.map { $0.testLoss ?? $0.trainLoss }
    switch member {
    case "epochs": return .int(h.epochs.count)
    case "accuracy": return .list(accuracies.map { .fraction($0) })
    case "loss": return .list(losses.map { .float($0) })
    case "seconds": return .duration(h.epochs.reduce(0) { $0 + $1.seconds })
    case "final_accuracy", "final_loss", "best_accuracy":
      guard let last = (member == "final_loss" ? losses : accuracies).last else {
        throw StepFailure("the model was never trained, so its history is empty", at: range)
      }
      if member == "final_loss" { return .float(last) }
      return .fraction(member == "best_accuracy" ? accuracies.max() ?? last : last)
    default:
      throw StepFailure("internal error: History has no member '\(member)'", at: range)
    }
  }
}
