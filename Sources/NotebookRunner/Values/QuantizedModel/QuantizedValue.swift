import HTMLReport
import MarkdownNotebook
import Quantization
import TensorEngine

/// How quantized (and integer) models behave as runtime values: names, members, views, JSON.
enum QuantizedValues {
  static func labelled(_ value: RuntimeValue, _ name: String) -> RuntimeValue {
    switch value {
    case .quantized(var q):
      q.label = name
      return .quantized(q)
    default:
      return IntegerSteps.labelled(value, name)
    }
  }

  static func member(of base: RuntimeValue, _ member: String, at range: SourceRange) throws(StepFailure)
    -> RuntimeValue?
  {
    switch (base, member) {
    case (.quantized(let q), "bits"): return .int(q.quantized.config.weights.bits)
    case (.quantized(let q), "size_bytes"): return .int(q.quantized.packedByteCount)
    case (.quantized(let q), "compression"): return .float(q.quantized.compressionRatio)
    case (.quantized(let q), "model"):
      return .model(ModelValue(model: q.quantized.model, history: q.history, label: q.label, trainedOn: q.source.trainedOn))
    default: return IntegerSteps.member(of: base, member)
    }
  }

  /// The float model underneath any model value (for `summary`).
  static func floatModel(of value: RuntimeValue) -> Sequential? {
    switch value {
    case .model(let m): return m.model
    case .quantized(let q): return q.quantized.model
    default: return IntegerSteps.floatModel(of: value)
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
    default: return IntegerSteps.sourceModel(of: value)
    }
  }

  /// Figures shown beside accuracy for a quantized model.
  static func extras(_ q: QuantizedValue) -> [(name: String, value: RuntimeValue)] {
    [
      ("scheme", .string(q.scheme)), ("size (bytes)", .int(q.quantized.packedByteCount)),
      ("compression", .string(Format.fixed(q.quantized.compressionRatio, decimals: 2) + "×")),
    ]
  }

  static func onAssignment(_ value: RuntimeValue, name: String, step: String) -> [Display] {
    if case .quantized(let q) = value, step == "qat", let h = q.history, !h.epochs.isEmpty {
      return [.value(.history(h), title: "Quantization-aware training of \(name)")]
    }
    return []
  }

  static func outputs(for value: RuntimeValue, title: String?, timings: Bool) -> [CellOutput]? {
    switch value {
    case .quantized(let q):
      return [.metrics(QuantizationViews.summary(q))]
        + DisplayOutputs.outputs(for: .table(QuantizationViews.errorTable(q)), title: title, timings: timings)
    default:
      return IntegerSteps.outputs(for: value, title: title)
    }
  }

  static func json(_ value: RuntimeValue, timings: Bool) -> JSON? {
    switch value {
    case .quantized(let q):
      return .object([
        ("kind", .string("quantized_model")), ("name", .string(q.label)), ("scheme", .string(q.scheme)),
        ("bytes", .int(q.quantized.packedByteCount)), ("float32_bytes", .int(q.quantized.float32ByteCount)),
        ("compression", .number(q.quantized.compressionRatio)),
        ("layers", .array(q.quantized.layers.map { r in
          .object([
            ("layer", .int(r.sourceLayerIndex + 1)), ("name", .string(r.name)), ("method", .string(r.method.description)),
            ("mse", .number(r.metrics.meanSquaredError)), ("sqnr_db", .number(r.metrics.sqnrDecibels)),
            ("max_abs_error", .number(Double(r.metrics.maxAbsoluteError))),
            ("clipped", .number(r.metrics.clippedFraction)), ("bytes", .int(r.weights.packedByteCount)),
          ])
        })),
      ])
    default:
      return IntegerSteps.json(value)
    }
  }
}
