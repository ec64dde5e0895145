import HTMLReport
import Kernels
import MarkdownNotebook
import Quantization
import TensorEngine

/// An integer model with the quantized model it was converted from.
struct IntegerValue: LabelledKind {
  /// The engine that runs it: conv/dense layers, or a word model's recurrent engine.
  enum Engine: Sendable {
    case layers(IntegerModel)
    case recurrent(RecurrentIntegerModel)
  }

  var engine: Engine
  var quantized: QuantizedValue
  var label: String
  /// The integer kernels that run it, as the host states them (`HostDescription`).
  var kernels: String

  /// The conv/dense integer model; nil for a recurrent one.
  var integer: IntegerModel? {
    switch engine {
    case .layers(let model): return model
    case .recurrent: return nil
    }
  }

  /// `int8` or `int4` (the widest weights of any layer).
  var kind: String {
    switch engine {
    case .layers(let integer):
      let bits = integer.layers.compactMap { $0.weights?.bits }.max() ?? 8
      return "int\(bits)"
    case .recurrent(let r): return "int\(r.engine.layer.bits)"
    }
  }

  /// Bytes of the model: the integer model file, or the recurrent engine's parameters.
  var byteCount: Int {
    switch engine {
    case .layers(let integer): return integer.serializedByteCount
    case .recurrent(let r): return r.engine.parameterByteCount
    }
  }

  var runtimeValue: RuntimeValue { .integer(self) }

  func member(_ name: String, at range: SourceRange) throws(StepFailure) -> RuntimeValue {
    switch name {
    case "size_bytes": return .int(byteCount)
    case "kernels": return .string(kernels)
    case "compression":
      let parameters: Int
      switch engine {
      case .layers(let integer): parameters = integer.parameterByteCount
      case .recurrent(let r): parameters = r.engine.parameterByteCount
      }
      return .float(Double(quantized.quantized.float32ByteCount) / Double(max(1, parameters)))
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

  /// Its figures, and a table of its layers with their weights and input zero points.
  func outputs(title: String?, timings: Bool) -> [CellOutput] {
    let integer: IntegerModel
    switch engine {
    case .layers(let model): integer = model
    case .recurrent(let r): return r.outputs(label: label, title: title)
    }
    let rows = integer.layers.enumerated().map { index, layer -> [String] in
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
            Metric("layers", String(integer.layers.count)),
            Metric("file size", "\(Format.count(integer.serializedByteCount)) bytes"),
            Metric("requantization rounding", requantizationRoundingRule),
            Metric("int8 products", "widened to int16, pairs summed by vpmaddwd (exact; no VNNI)"),
          ])),
      .table(
        Table(
          caption: title ?? "Layers of \(label)",
          columns: [
            .init("layer"), .init("output shape"), .init("weights"),
            .init("input zero point", .numeric),
          ],
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
}

extension IntegerValue: ModelKind {
  var floatModel: Sequential { quantized.quantized.model }
  var sourceModel: ModelValue? { quantized.source }

  /// Its figures from the integer engine, with its agreement with the float simulation.
  func measure(on split: NamedSplit, call: StepCall) throws(StepFailure) -> Predictions.Measured {
    let integer: IntegerModel
    switch engine {
    case .layers(let model): integer = model
    case .recurrent(let r):
      var measured = try r.measure(on: split, call: call, label: label)
      measured.extras.append(("size (bytes)", .int(byteCount)))
      return measured
    }
    let result = try call.engine {
      try integer.run(on: split.split, threads: call.environment.threads)
    }
    // The integer engine computes no loss: `loss` stays NaN (null in the JSON file).
    let evaluation = Evaluation(
      predictions: result.predictions, labels: split.split.labels, classes: result.classCount)
    let comparison = try call.engine {
      try compareWithSimulation(
        result, of: integer, quantized.quantized, on: split.split, threads: call.environment.threads
      )
    }
    return Predictions.Measured(
      evaluation: evaluation, label: label,
      extras: [
        ("engine", .string("\(kind) kernels, int32 accumulation")),
        ("agreement with simulation", .fraction(comparison.agreement)),
        ("largest logit difference", .float(comparison.maxLogitDifference)),
        ("size (bytes)", .int(integer.serializedByteCount)),
      ])
  }

  func timedRun(on split: NamedSplit, batch: Int, call: StepCall) throws(StepFailure) -> String {
    let integer: IntegerModel
    switch engine {
    case .layers(let model): integer = model
    case .recurrent(let r):
      _ = try r.logits(on: split, batch: batch, call: call)
      return "\(label) (\(kind) integer recurrent engine)"
    }
    _ = try call.engine {
      try integer.run(on: split.split, batchSize: batch, threads: call.environment.threads)
    }
    return "\(label) (\(kind) integer engine)"
  }
}
