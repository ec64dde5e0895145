import HTMLReport
import TensorEngine

/// The integer engine's steps and values: `convert`, and integer models in `evaluate`,
/// `compare` and `speed`.
enum IntegerSteps {
  static let all: [String: StepBody] = [:]

  static func labelled(_ value: RuntimeValue, _ name: String) -> RuntimeValue { value }
  static func member(of base: RuntimeValue, _ member: String) -> RuntimeValue? { nil }
  static func floatModel(of value: RuntimeValue) -> Sequential? { nil }
  static func sourceModel(of value: RuntimeValue) -> ModelValue? { nil }
  static func outputs(for value: RuntimeValue, title: String?) -> [CellOutput]? { nil }
  static func json(_ value: RuntimeValue) -> JSON? { nil }

  static func evaluate(_ subject: RuntimeValue, on split: NamedSplit, call: StepCall) throws(StepFailure)
    -> Predictions.Measured?
  { nil }

  static func time(_ model: RuntimeValue, on split: NamedSplit, batch: Int, call: StepCall) throws(StepFailure)
    -> String?
  { nil }
}
