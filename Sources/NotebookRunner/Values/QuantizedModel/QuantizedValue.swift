import HTMLReport
import MarkdownNotebook
import Quantization
import TensorEngine

/// What quantized and integer models share: the float model under them, and `evaluate`.
enum QuantizedValues {
  /// The float model underneath any model value (for `summary`).
  static func floatModel(of value: RuntimeValue) -> Sequential? {
    switch value {
    case .model(let m): return m.model
    case .quantized(let q): return q.quantized.model
    case .integer(let i): return i.quantized.quantized.model
    default: return nil
    }
  }

  /// `evaluate` of a quantized or integer model: its figures, with agreement against the
  /// float model it came from, and its size.
  static func evaluate(_ subject: RuntimeValue, on split: NamedSplit, call: StepCall) throws(StepFailure)
    -> RuntimeValue
  {
    let measured = try Predictions.evaluate(subject, on: split, call: call)
    var metrics = MetricsValue(
      evaluation: measured.evaluation, modelLabel: measured.label, splitName: split.name, classNames: split.classNames)
    metrics.extras = measured.extras
    if let source = sourceModel(of: subject) {
      let reference = try Predictions.evaluate(.model(source), on: split, call: call)
      metrics.agreement = Evaluation.agreement(reference.evaluation.predictions, measured.evaluation.predictions)
      metrics.extras.insert(("float accuracy", .fraction(reference.evaluation.accuracy)), at: 0)
    }
    return .metrics(metrics)
  }

  /// The float model a quantized or integer model was made from.
  static func sourceModel(of value: RuntimeValue) -> ModelValue? {
    switch value {
    case .quantized(let q): return q.source
    case .integer(let i): return i.quantized.source
    default: return nil
    }
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
struct QuantizedValue: ValueKind {
  var quantized: QuantizedModel
  var source: ModelValue
  /// The name it was bound to.
  var label: String
  /// `4-bit linear symmetric per channel`, `w8a8 ...`.
  var scheme: String
  /// Quantization-aware training's history, for `qat` results.
  var history: History?

  var inlineText: String { label }

  func member(_ name: String, at range: SourceRange) throws(StepFailure) -> RuntimeValue {
    switch name {
    case "bits": return .int(quantized.config.weights.bits)
    case "size_bytes": return .int(quantized.packedByteCount)
    case "compression": return .float(quantized.compressionRatio)
    case "model": return .model(ModelValue(model: quantized.model, history: history, label: label, trainedOn: source.trainedOn))
    default: throw .noMember(name, at: range)
    }
  }

  func labelled(_ name: String) -> RuntimeValue? {
    var named = self
    named.label = name
    return .quantized(named)
  }

  /// `qat`'s training curves.
  func onAssignment(name: String, step: String) -> [Display] {
    guard step == "qat", let history, !history.epochs.isEmpty else { return [] }
    return [.value(.history(history), title: "Quantization-aware training of \(name)")]
  }

  /// Its figures, then its per-layer error table and charts.
  func outputs(title: String?, timings: Bool) -> [CellOutput] {
    [.metrics(QuantizationViews.summary(self))] + QuantizationViews.errorTable(self).outputs(title: title, timings: timings)
  }

  func json(timings: Bool) -> JSON {
    return .object([
      ("kind", .string("quantized_model")), ("name", .string(label)), ("scheme", .string(scheme)),
      ("bytes", .int(quantized.packedByteCount)), ("float32_bytes", .int(quantized.float32ByteCount)),
      ("compression", .number(quantized.compressionRatio)),
      ("layers", .array(quantized.layers.map { r in
        .object([
          ("layer", .int(r.sourceLayerIndex + 1)), ("name", .string(r.name)), ("method", .string(r.method.description)),
          ("mse", .number(r.metrics.meanSquaredError)), ("sqnr_db", .number(r.metrics.sqnrDecibels)),
          ("max_abs_error", .number(Double(r.metrics.maxAbsoluteError))),
          ("clipped", .number(r.metrics.clippedFraction)), ("bytes", .int(r.weights.packedByteCount)),
        ])
      })),
    ])
  }
}
