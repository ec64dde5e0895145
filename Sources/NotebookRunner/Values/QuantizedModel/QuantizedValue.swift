import HTMLReport
import MarkdownNotebook
import Quantization
import TensorEngine

/// What quantized and integer models share: `evaluate` against the float model they came from.
enum QuantizedValues {
  /// `evaluate` of any model: its figures (by length, for words); for a quantized or integer
  /// model with agreement against the float model it came from, and its size.
  static func evaluate(_ subject: RuntimeValue, on split: NamedSplit, call: StepCall)
    throws(StepFailure) -> MetricsValue
  {
    let measured = try Predictions.evaluate(subject, on: split, call: call)
    var metrics = MetricsValue(measured.evaluation, of: measured.label, on: split)
    metrics.extras = measured.extras
    metrics.sequenceLengths = SequenceViews.lengths(split, measured.evaluation)
    if let source = subject.modelKind?.sourceModel {
      let reference = try Predictions.evaluate(.model(source), on: split, call: call)
      metrics.agreement = Evaluation.agreement(
        reference.evaluation.predictions, measured.evaluation.predictions)
      metrics.extras.insert(("float accuracy", .fraction(reference.evaluation.accuracy)), at: 0)
      metrics.insertDifference(
        "Δ vs float (95%)", from: reference.evaluation.predictions, at: 1)
    }
    return metrics
  }

  /// Figures shown beside accuracy for a quantized model.
  static func extras(_ q: QuantizedValue) -> [(name: String, value: RuntimeValue)] {
    [
      ("scheme", .string(q.scheme)), ("size (bytes)", .int(q.quantized.packedByteCount)),
      ("compression", .string(Format.fixed(q.quantized.compressionRatio, decimals: 2) + "×")),
    ]
  }
}

/// A quantized model with the float model it came from.
struct QuantizedValue: LabelledKind {
  var quantized: QuantizedModel
  var source: ModelValue
  /// The name it was bound to.
  var label: String
  /// `4-bit linear symmetric per channel`, `w8a8 ...`.
  var scheme: String
  /// Quantization-aware training's history, for `qat` results.
  var history: History?
  /// For a word model quantized with its activations: the calibrated classifier whose
  /// fake-quant simulation `evaluate` runs and `convert` turns into integers.
  var recurrent: QuantizedRecurrentClassifier? = nil

  var runtimeValue: RuntimeValue { .quantized(self) }

  func member(_ name: String, at range: SourceRange) throws(StepFailure) -> RuntimeValue {
    switch name {
    case "bits": return .int(quantized.config.weights.bits)
    case "size_bytes": return .int(quantized.packedByteCount)
    case "compression": return .float(quantized.compressionRatio)
    case "model":
      return .model(
        ModelValue(
          model: quantized.model, history: history, label: label, trainedOn: source.trainedOn))
    default: throw .noMember(name, at: range)
    }
  }

  /// `qat`'s training curves.
  func onAssignment(name: String, step: String) -> [Display] {
    guard step == "qat", let history, !history.epochs.isEmpty else { return [] }
    return [.value(.history(history), title: "Quantization-aware training of \(name)")]
  }

  /// Its figures, then its per-layer error table and charts.
  func outputs(title: String?, timings: Bool) -> [CellOutput] {
    [.metrics(QuantizationViews.summary(self))]
      + QuantizationViews.errorTable(self).outputs(title: title, timings: timings)
  }

  func json(timings: Bool) -> JSON {
    return .object([
      ("kind", .string("quantized_model")), ("name", .string(label)), ("scheme", .string(scheme)),
      ("bytes", .int(quantized.packedByteCount)),
      ("float32_bytes", .int(quantized.float32ByteCount)),
      ("compression", .number(quantized.compressionRatio)),
      (
        "layers",
        .records(quantized.layers) { r in
          [
            ("layer", .int(r.sourceLayerIndex + 1)), ("name", .string(r.name)),
            ("method", .string(r.method.description)),
            ("mse", .number(r.metrics.meanSquaredError)),
            ("sqnr_db", .number(r.metrics.sqnrDecibels)),
            ("max_abs_error", .number(Double(r.metrics.maxAbsoluteError))),
            ("clipped", .number(r.metrics.clippedFraction)),
            ("bytes", .int(r.weights.packedByteCount)),
          ]
        }
      ),
    ])
  }
}

extension QuantizedValue: ModelKind {
  var floatModel: Sequential { quantized.model }
  var sourceModel: ModelValue? { source }

  /// Its figures from the float simulation of its quantized weights, and its size.
  func measure(on split: NamedSplit, call: StepCall) throws(StepFailure) -> Predictions.Measured {
    if let recurrent {
      return Predictions.Measured(
        evaluation: try RecurrentModels.simulate(
          recurrent, of: quantized.model, on: split, call: call), label: label,
        extras: QuantizedValues.extras(self))
    }
    let evaluation = try call.engine {
      try TensorEngine.evaluate(quantized.model, on: split.split, threads: call.environment.threads)
    }
    return Predictions.Measured(
      evaluation: evaluation, label: label, extras: QuantizedValues.extras(self))
  }

  func timedRun(on split: NamedSplit, batch: Int, call: StepCall) throws(StepFailure) -> String {
    let threads = call.environment.threads
    if let recurrent {
      _ = try RecurrentModels.simulate(recurrent, of: quantized.model, on: split, call: call)
      return "\(label) (fake-quant simulation)"
    }
    _ = try call.engine {
      try TensorEngine.evaluate(
        quantized.model, on: split.split, batchSize: batch, threads: threads)
    }
    return "\(label) (float simulation)"
  }
}
