import HTMLReport
import MarkdownNotebook
import TensorEngine

/// A float model: its layers and parameters, and the history of the training that made it.
struct ModelValue: LabelledKind {
  var model: Sequential
  var history: History?
  /// The name it was bound to, or a description (`trained model`).
  var label: String
  /// The split it was trained on (the default calibration data of a later `quantize`).
  var trainedOn: NamedSplit? = nil

  var runtimeValue: RuntimeValue { .model(self) }

  func member(_ name: String, at range: SourceRange) throws(StepFailure) -> RuntimeValue {
    switch name {
    case "history": return .history(history ?? History())
    case "parameters": return .int(model.parameterCount)
    case "input": return .shape(model.inputShape)
    case "output": return .shape(model.outputShape)
    default: throw .noMember(name, at: range)
    }
  }

  /// A new model's layer table; a trained model's training curves.
  func onAssignment(name: String, step: String) -> [Display] {
    switch step {
    case "sequential": return [.value(.table(ModelViews.summary(model)), title: nil)]
    case "train":
      guard let history, !history.epochs.isEmpty else { return [] }
      return [.value(.history(history), title: "Training of \(name)")]
    default: return []
    }
  }

  /// The layer table, then the training curves if it was trained.
  func outputs(title: String?, timings: Bool) -> [CellOutput] {
    var outputs: [CellOutput] = [.modelSummary(ModelViews.summary(model).table)]
    if let history, !history.epochs.isEmpty {
      outputs += history.outputs(title: "Training of \(label)", timings: timings)
    }
    return outputs
  }

  func json(timings: Bool) -> JSON {
    var members: [(String, JSON)] = [
      ("kind", .string("model")), ("name", .string(label)),
      ("parameters", .int(model.parameterCount)),
      ("layers", ReportJSON.table(ModelViews.summary(model).table)),
    ]
    if let history { members.append(("history", history.json(timings: timings))) }
    return .object(members)
  }

  /// Tag 8: `Sequential.serialized()` bytes, history, label, and a `SplitReference` to the
  /// split it was trained on (not stored when that split has no name to refer to it by).
  func encode(into w: inout CacheWriter, reference: (NamedSplit) -> SplitReference?) -> Bool {
    var split: SplitReference?
    if let trainedOn {
      guard let found = reference(trainedOn) else { return false }
      split = found
    }
    w.u8(8); w.raw(model.serialized()); w.optional(history) { $0.history($1) }; w.string(label)
    w.optional(split) {
      $0.string($1.name); $0.string($1.member)
    }
    return true
  }

  static func decode(_ r: inout CacheReader, split: SplitResolver) throws(CacheDecodingError)
    -> ModelValue
  {
    let bytes = try r.raw()
    let model: Sequential
    do {
      model = try Sequential(serialized: bytes)
    } catch {
      throw CacheDecodingError("model bytes: \(error)")
    }
    let history = try r.optional { r throws(CacheDecodingError) in try r.history() }
    let label = try r.string()
    let reference = try r.optional { r throws(CacheDecodingError) in
      SplitReference(name: try r.string(), member: try r.string())
    }
    var trainedOn: NamedSplit?
    if let reference { trainedOn = try split(reference) }
    return ModelValue(model: model, history: history, label: label, trainedOn: trainedOn)
  }
}

extension ModelValue: ModelKind {
  var floatModel: Sequential { model }
  var sourceModel: ModelValue? { nil }

  /// Its figures on `split`, measured once per run: a later call with the same model and split
  /// (a quantized model's reference, a sweep) reuses them (`EvaluationMemo`).
  func measure(on split: NamedSplit, call: StepCall) throws(StepFailure) -> Predictions.Measured {
    let threads = call.environment.threads
    let evaluation = try call.environment.evaluations.evaluation(
      of: model, on: split.split, threads: threads
    ) { () throws(StepFailure) -> Evaluation in
      try call.engine { try TensorEngine.evaluate(model, on: split.split, threads: threads) }
    }
    return Predictions.Measured(evaluation: evaluation, label: label)
  }

  func timedRun(on split: NamedSplit, batch: Int, call: StepCall) throws(StepFailure) -> String {
    let threads = call.environment.threads
    _ = try call.engine {
      try TensorEngine.evaluate(model, on: split.split, batchSize: batch, threads: threads)
    }
    return "\(label) (float32)"
  }
}

extension LayerKind: ValueKind {
  var inlineText: String { name }
}

extension Optimizer: ValueKind {
  /// `adam(lr: 0.001, beta1: 0.9, beta2: 0.999)`.
  var inlineText: String {
    switch self {
    case .gradientDescent(let lr): return "gd(lr: \(lr))"
    case .sgd(let lr): return "sgd(lr: \(lr))"
    case .momentum(let lr, let mu): return "sgd(lr: \(lr), momentum: \(mu))"
    case .adam(let lr, let b1, let b2, _): return "adam(lr: \(lr), beta1: \(b1), beta2: \(b2))"
    }
  }
}
