import HTMLReport
import Kernels
import Quantization
import TensorEngine

/// An integer model with the quantized model it was converted from.
struct IntegerValue: Sendable {
  var integer: IntegerModel
  var quantized: QuantizedValue
  var label: String

  /// `int8` or `int4` (the widest weights of any layer).
  var kind: String {
    let bits = integer.layers.compactMap { $0.weights?.bits }.max() ?? 8
    return "int\(bits)"
  }
}

/// The integer engine's steps and values: `convert`, and integer models in `evaluate`,
/// `compare` and `speed`.
enum IntegerSteps {
  static let all: [String: StepBody] = [
    "convert": { call throws(StepFailure) in
      guard case .quantized(let q) = try call.value("quantized") else {
        throw StepFailure("internal error: convert needs a quantized model", at: call.range)
      }
      let integer = try call.engine {
        do {
          return try IntegerModel(converting: q.quantized)
        } catch {
          throw StepFailure(
            "\(q.label) cannot run on the integer engine: \(error)", at: call.range,
            hint: "quantize with method: linear, granularity: per_channel or per_tensor, bits ≤ 8, "
              + "mode: weights_and_activations")
        }
      }
      return .integer(IntegerValue(integer: integer, quantized: q, label: "integer"))
    },
  ]

  static func labelled(_ value: RuntimeValue, _ name: String) -> RuntimeValue {
    guard case .integer(var i) = value else { return value }
    i.label = name
    return .integer(i)
  }

  static func member(of base: RuntimeValue, _ member: String) -> RuntimeValue? {
    guard case .integer(let i) = base else { return nil }
    switch member {
    case "size_bytes": return .int(i.integer.serializedByteCount)
    case "compression": return .float(Double(i.quantized.quantized.float32ByteCount) / Double(max(1, i.integer.parameterByteCount)))
    default: return nil
    }
  }

  static func floatModel(of value: RuntimeValue) -> Sequential? {
    guard case .integer(let i) = value else { return nil }
    return i.quantized.quantized.model
  }

  static func sourceModel(of value: RuntimeValue) -> ModelValue? {
    guard case .integer(let i) = value else { return nil }
    return i.quantized.source
  }

  static func evaluate(_ subject: RuntimeValue, on split: NamedSplit, call: StepCall) throws(StepFailure)
    -> Predictions.Measured?
  {
    guard case .integer(let i) = subject else { return nil }
    let result = try call.engine { try i.integer.run(on: split.split, threads: call.environment.threads) }
    // The integer engine computes no loss: `loss` stays NaN (null in the JSON file).
    let evaluation = Evaluation(predictions: result.predictions, labels: split.split.labels, classes: result.classCount)
    let comparison = try call.engine {
      try compareWithSimulation(
        result, of: i.integer, i.quantized.quantized, on: split.split, threads: call.environment.threads)
    }
    return Predictions.Measured(evaluation: evaluation, label: i.label, extras: [
      ("engine", .string("\(i.kind) kernels, int32 accumulation")),
      ("agreement with simulation", .fraction(comparison.agreement)),
      ("largest logit difference", .float(comparison.maxLogitDifference)),
      ("size (bytes)", .int(i.integer.serializedByteCount)),
    ])
  }

  static func time(_ model: RuntimeValue, on split: NamedSplit, batch: Int, call: StepCall) throws(StepFailure)
    -> String?
  {
    guard case .integer(let i) = model else { return nil }
    _ = try call.engine { try i.integer.run(on: split.split, batchSize: batch, threads: call.environment.threads) }
    return "\(i.label) (\(i.kind) integer engine)"
  }

  static func outputs(for value: RuntimeValue, title: String?) -> [CellOutput]? {
    guard case .integer(let i) = value else { return nil }
    let rows = i.integer.layers.enumerated().map { index, layer -> [String] in
      [
        "\(index + 1). \(operationName(layer.operation))", Views.shapeText(layer.outputShape),
        layer.weights.map { "int\($0.bits), \($0.outputChannels)×\($0.depth)" } ?? "",
        String(layer.inputZeroPoint),
      ]
    }
    return [
      .metrics(MetricList(title: "\(i.label): integer model (\(i.kind))", [
        Metric("layers", String(i.integer.layers.count)),
        Metric("file size", "\(Format.count(i.integer.serializedByteCount)) bytes"),
        Metric("requantization rounding", requantizationRoundingRule),
        Metric("int8 products", "widened to int16, pairs summed by vpmaddwd (exact; no VNNI)"),
      ])),
      .table(Table(
        caption: title ?? "Layers of \(i.label)",
        columns: [.init("layer"), .init("output shape"), .init("weights"), .init("input zero point", .numeric)],
        rows: rows)),
    ]
  }

  static func operationName(_ operation: IntegerLayer.Operation) -> String {
    switch operation {
    case .conv2d(let kernel, let stride, _, _, _, _): return "conv2d \(kernel)×\(kernel), stride \(stride)"
    case .dense: return "dense"
    case .maxPool(let size, _): return "max_pool \(size)"
    case .requantize(let relu): return relu ? "relu (requantize)" : "requantize"
    case .flatten: return "flatten"
    }
  }

  static func json(_ value: RuntimeValue) -> JSON? {
    guard case .integer(let i) = value else { return nil }
    return .object([
      ("kind", .string("integer_model")), ("name", .string(i.label)), ("weights", .string(i.kind)),
      ("bytes", .int(i.integer.serializedByteCount)), ("rounding", .string(requantizationRoundingRule)),
    ])
  }
}
