import HTMLReport
import Kernels
import Quantization
import TensorEngine

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
}
