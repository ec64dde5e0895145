import Quantization

/// The integer engine's step `convert` (integer models in `evaluate`, `compare` and `speed`:
/// `IntegerValue`).
enum IntegerSteps {
  static let all: [String: StepBody] = [
    "convert": { call throws(StepFailure) in
      guard case .quantized(let q) = try call.value("quantized") else {
        throw StepFailure("internal error: convert needs a quantized model", at: call.range)
      }
      if q.quantized.model.hasRecurrentLayers {
        return .integer(try RecurrentIntegerModel.convert(q, call: call))
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
      return .integer(
        IntegerValue(
          engine: integer, quantized: q, label: "integer",
          kernels: call.environment.integerKernels))
    }
  ]
}
