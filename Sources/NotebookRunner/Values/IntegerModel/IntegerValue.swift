import HTMLReport
import Kernels
import MarkdownNotebook
import Quantization
import TensorEngine

/// What runs an integer model: the conv/dense integer engine (`IntegerModel`) or a word
/// model's recurrent engine (`RecurrentIntegerModel`).
protocol IntegerEngine: Sendable {
  /// `int8` or `int4` (the widest weights of any layer).
  var kind: String { get }
  /// Bytes of the model: the integer model file, or the recurrent engine's parameters.
  var byteCount: Int { get }
  /// Bytes of its weights and biases (what `compression` compares with float32).
  var parameterByteCount: Int { get }
  /// Its figures and a table of its layers.
  func outputs(label: String, title: String?) -> [CellOutput]
  /// Its figures on `split`, with its agreement with the fake-quant simulation of `quantized`.
  func measure(on split: NamedSplit, call: StepCall, label: String, quantized: QuantizedModel)
    throws(StepFailure) -> Predictions.Measured
  /// Predicts all of `split` once in batches of `batch`; the engine's name for `speed`.
  func timedRun(on split: NamedSplit, batch: Int, call: StepCall) throws(StepFailure) -> String
}

/// An integer model with the quantized model it was converted from.
struct IntegerValue: LabelledKind {
  /// The engine that runs it: conv/dense layers, or a word model's recurrent engine.
  var engine: any IntegerEngine
  var quantized: QuantizedValue
  var label: String
  /// The integer kernels that run it, as the host states them (`HostDescription`).
  var kernels: String

  /// The conv/dense integer model; nil for a recurrent one.
  var integer: IntegerModel? { engine as? IntegerModel }

  /// `int8` or `int4` (the widest weights of any layer).
  var kind: String { engine.kind }

  /// Bytes of the model: the integer model file, or the recurrent engine's parameters.
  var byteCount: Int { engine.byteCount }

  var runtimeValue: RuntimeValue { .integer(self) }

  func member(_ name: String, at range: SourceRange) throws(StepFailure) -> RuntimeValue {
    switch name {
    case "size_bytes": return .int(byteCount)
    case "kernels": return .string(kernels)
    case "compression":
      return .float(
        Double(quantized.quantized.float32ByteCount) / Double(max(1, engine.parameterByteCount)))
    default: throw .noMember(name, at: range)
    }
  }

  func json(timings: Bool) -> JSON {
    .object([
      ("kind", .string("integer_model")), ("name", .string(label)), ("weights", .string(kind)),
      ("bytes", .int(byteCount)),
      ("rounding", .string(requantizationRoundingRule)),
    ])
  }

  /// Its figures, and a table of its layers.
  func outputs(title: String?, timings: Bool) -> [CellOutput] {
    engine.outputs(label: label, title: title)
  }
}

extension IntegerValue: ModelKind {
  var floatModel: Sequential { quantized.quantized.model }
  var sourceModel: ModelValue? { quantized.source }

  /// Its figures from the integer engine, with its agreement with the float simulation.
  func measure(on split: NamedSplit, call: StepCall) throws(StepFailure) -> Predictions.Measured {
    try engine.measure(on: split, call: call, label: label, quantized: quantized.quantized)
  }

  func timedRun(on split: NamedSplit, batch: Int, call: StepCall) throws(StepFailure) -> String {
    "\(label) (\(try engine.timedRun(on: split, batch: batch, call: call)))"
  }
}

/// The conv/dense integer engine.
extension IntegerModel: IntegerEngine {
  var kind: String { "int\(layers.compactMap { $0.weights?.bits }.max() ?? 8)" }

  var byteCount: Int { serializedByteCount }

  /// Its figures, and a table of its layers with their weights and input zero points.
  func outputs(label: String, title: String?) -> [CellOutput] {
    let rows = layers.enumerated().map { index, layer -> [String] in
      [
        "\(index + 1). \(Self.operationName(layer.operation))",
        ModelViews.shapeText(layer.outputShape),
        layer.weights.map { "int\($0.bits), \($0.outputChannels)×\($0.depth)" } ?? "",
        String(layer.inputZeroPoint),
      ]
    }
    return [
      .metrics(
        MetricList(
          title: "\(label): integer model (\(kind))",
          [
            Metric("layers", String(layers.count)),
            Metric("file size", "\(Format.count(serializedByteCount)) bytes"),
            Metric("requantization rounding", requantizationRoundingRule),
            Metric("int8 products", "widened to int16, pairs summed by vpmaddwd (exact; no VNNI)"),
          ])),
      .table(
        Table(
          caption: title ?? "Layers of \(label)",
          columns: [.init("layer"), .init("output shape"), .init("weights")]
            + .numeric(["input zero point"]),
          rows: rows)),
    ]
  }

  static func operationName(_ operation: IntegerLayer.Operation) -> String {
    switch operation {
    case .conv2d(let kernel, let stride, _, _, _, _):
      return "conv2d \(kernel)×\(kernel), stride \(stride)"
    case .dense: return "dense"
    case .maxPool(let size, _): return "max_pool \(size)"
    case .requantize(let relu): return relu ? "relu (requantize)" : "requantize"
    case .flatten: return "flatten"
    }
  }

  func measure(on split: NamedSplit, call: StepCall, label: String, quantized: QuantizedModel)
    throws(StepFailure) -> Predictions.Measured
  {
    let result = try call.engine {
      try run(on: split.split, threads: call.environment.threads)
    }
    // The integer engine computes no loss: `loss` stays NaN (null in the JSON file).
    let evaluation = Evaluation(
      predictions: result.predictions, labels: split.split.labels, classes: result.classCount)
    let comparison = try call.engine {
      try compareWithSimulation(
        result, of: self, quantized, on: split.split, threads: call.environment.threads)
    }
    return Predictions.Measured(
      evaluation: evaluation, label: label,
      extras: [
        ("engine", .string("\(kind) kernels, int32 accumulation")),
        ("agreement with simulation", .fraction(comparison.agreement)),
        ("largest logit difference", .float(comparison.maxLogitDifference)),
        ("size (bytes)", .int(serializedByteCount)),
      ])
  }

  func timedRun(on split: NamedSplit, batch: Int, call: StepCall) throws(StepFailure) -> String {
    _ = try call.engine {
      try run(on: split.split, batchSize: batch, threads: call.environment.threads)
    }
    return "\(kind) integer engine"
  }
}
