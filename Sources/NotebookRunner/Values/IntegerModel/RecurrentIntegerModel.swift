import HTMLReport
import Quantization
import TensorEngine

/// A word model on the integer recurrent engine (`IntegerRecurrentClassifier`: int8 embedding
/// codes, the recurrent layer in int8 / int4 GEMMs with int16 fixed-point gates, the dense head
/// with int32 accumulators) and the quantized classifier it was converted from, whose
/// fake-quant simulation it is measured against.
struct RecurrentIntegerModel: IntegerEngine {
  var engine: IntegerRecurrentClassifier
  var quantized: QuantizedRecurrentClassifier
  /// The float model it comes from (the sequence length it reads).
  var model: Sequential

  /// Words on which `evaluate` compares the engine with its simulation (predicted class and
  /// the h codes at every step): the simulation runs in Double, one word at a time.
  static let stateCheckWords = 1000

  /// `convert` of a quantized word model; it needs the calibrated activations.
  static func convert(_ q: QuantizedValue, call: StepCall) throws(StepFailure) -> IntegerValue {
    guard let classifier = q.recurrent else {
      throw StepFailure(
        "\(q.label) cannot run on the integer engine: its activations were not quantized, so "
          + "the state h and the gates have no grids", at: call.range,
        hint: "quantize with mode: weights_and_activations")
    }
    let engine = try call.engine { try IntegerRecurrentClassifier(converting: classifier) }
    return IntegerValue(
      engine: RecurrentIntegerModel(
        engine: engine, quantized: classifier, model: q.quantized.model),
      quantized: q, label: "integer", kernels: call.environment.integerKernels)
  }

  var kind: String { "int\(engine.layer.bits)" }
  var byteCount: Int { engine.parameterByteCount }
  var parameterByteCount: Int { engine.parameterByteCount }

  /// The engine's logits `[count, classes]` on `split`, `batch` words at a time.
  func logits(on split: NamedSplit, batch: Int = 256, call: StepCall) throws(StepFailure)
    -> [Float]
  {
    try RecurrentModels.checkShape(model, split, call: call)
    let words = recurrentBatch(split.split)
    return try call.engine {
      try engine.logits(
        tokens: words.tokens, lengths: words.lengths, steps: words.steps, batchSize: batch,
        threads: call.environment.threads)
    }
  }

  /// Its figures on `split`, with its agreement with the simulation on the first
  /// `stateCheckWords` words: the predicted class, and the h codes at every step; its size.
  func measure(on split: NamedSplit, call: StepCall, label: String, quantized _: QuantizedModel)
    throws(StepFailure) -> Predictions.Measured
  {
    let integer = try logits(on: split, call: call).map(Double.init)
    let evaluation = RecurrentModels.evaluation(
      logits: integer, classes: engine.classes, labels: split.split.labels)
    let words = recurrentBatch(split.split, limit: Self.stateCheckWords)
    let agreement = try call.engine {
      try RecurrentEngineAgreement(
        quantized, engine, tokens: words.tokens, lengths: words.lengths, steps: words.steps,
        threads: call.environment.threads)
    }
    let checked = "first \(Format.count(words.lengths.count)) words"
    return Predictions.Measured(
      evaluation: evaluation, label: label,
      extras: [
        ("engine", .string("int\(engine.layer.bits) GEMMs, int32 accumulation, int16 gates")),
        ("agreement with simulation (\(checked))", .fraction(agreement.identicalArgmax)),
        ("h codes equal to simulation (\(checked))", .fraction(agreement.identicalStates)),
        ("largest h code difference", .int(agreement.maxStateDifference)),
        ("size (bytes)", .int(byteCount)),
      ])
  }

  func timedRun(on split: NamedSplit, batch: Int, call: StepCall) throws(StepFailure) -> String {
    _ = try logits(on: split, batch: batch, call: call)
    return "\(kind) integer recurrent engine"
  }

  /// Its figures and a table of its layers and grids.
  func outputs(label: String, title: String?) -> [CellOutput] {
    let layer = quantized.layer
    let gates = layer.cell.gates.map { $0.symbol(in: layer.cell) }.joined(separator: ", ")
    var rows: [[String]] = [
      [
        "1. embedding", "[\(engine.vocabulary), \(engine.embeddingWidth)]",
        "int8 affine per tensor", "scale \(Format.number(Double(quantized.embeddingGrid.scale)))",
      ],
      [
        "2. \(layer.cell.rawValue) W, U",
        "[\(engine.embeddingWidth) + \(engine.hidden), "
          + "\(layer.cell.gateCount)·\(engine.hidden)]",
        "int\(engine.layer.bits) symmetric per column",
        "gates \(gates): Q3.12 in, Q0.15 out; h int8, s_h = "
          + Format.number(Double(layer.stateScale)),
      ],
      [
        "3. dense", "[\(engine.hidden), \(engine.classes)]",
        "int\(engine.layer.bits) symmetric per class", "int32 logits",
      ],
    ]
    if layer.cell == .lstm {
      rows[1][3] += "; c int16, 2^-\(layer.cellFractionBits)"
    }
    return [
      .metrics(
        MetricList(
          title: "\(label): integer recurrent model (int\(engine.layer.bits))",
          [
            Metric("layers", "embedding → \(layer.cell.rawValue)(\(engine.hidden)) → dense"),
            Metric("parameters", "\(Format.count(engine.parameterByteCount)) bytes"),
            Metric("σ, tanh", "int16 lookup tables with linear interpolation (Q3.12 → Q0.15)"),
          ])),
      .table(
        Table(
          caption: title ?? "Layers of \(label)",
          columns: [.init("layer"), .init("weights"), .init("grid"), .init("activations")],
          rows: rows)),
    ]
  }
}
