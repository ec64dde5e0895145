import Foundation
import Quantization
import TensorEngine

/// What the recurrent quantized and integer models share: a check that a split is what the
/// model reads (`recurrentBatch` gives it as the recurrent engine reads it), and an
/// `Evaluation` from logits.
enum RecurrentModels {
  /// A failure at `on` unless `split` holds sequences of the length `model` reads.
  static func checkShape(_ model: Sequential, _ split: NamedSplit, call: StepCall)
    throws(StepFailure)
  {
    guard split.split.imageShape == model.inputShape else {
      throw StepFailure(
        "\(split.name) holds samples of shape \(split.split.imageShape), but the model reads "
          + "\(model.inputShape) tokens", at: call.range(of: "on"))
    }
  }

  /// The fake-quant simulation of `q` (`RecurrentSimulation`: every rounding of the integer
  /// engine, in Double) on `split`.
  static func simulate(
    _ q: QuantizedRecurrentClassifier, of model: Sequential, on split: NamedSplit,
    call: StepCall
  ) throws(StepFailure) -> Evaluation {
    try checkShape(model, split, call: call)
    let words = recurrentBatch(split.split)
    let logits = try call.engine {
      try q.simulatedLogits(
        tokens: words.tokens, lengths: words.lengths, steps: words.steps,
        threads: call.environment.threads)
    }
    return evaluation(logits: logits, classes: q.float.classes, labels: split.split.labels)
  }

  /// Predictions (argmax, first on ties) and the mean cross-entropy of softmax(logits)
  /// against `labels`; `logits` is `[count, classes]`.
  static func evaluation(logits: [Double], classes: Int, labels: [UInt8]) -> Evaluation {
    let predictions = rowArgmax(logits, classes: classes)
    var loss = 0.0
    for (s, label) in labels.enumerated() {
      let row = logits[(s * classes)..<((s + 1) * classes)]
      let top = row.max() ?? 0
      let sum = row.reduce(0) { $0 + exp($1 - top) }
      loss += log(sum) + top - row[s * classes + Int(label)]
    }
    return Evaluation(
      predictions: predictions, labels: labels, classes: classes,
      loss: labels.isEmpty ? .nan : loss / Double(labels.count))
  }
}
