/// Quantization steps: `quantize`, `qat`, `convert`, `errors`, `sensitivity`, `compare`,
/// `speed`. Bound to the Quantization module's model-level API.
enum QuantizationSteps {
  static let all: [String: StepBody] = [:]
}
