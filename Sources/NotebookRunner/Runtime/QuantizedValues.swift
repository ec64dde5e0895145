import MarkdownNotebook
import HTMLReport
import TensorEngine

/// How quantized and integer models behave as runtime values (members, labels, views).
enum QuantizedValues {
  static func labelled(_ value: RuntimeValue, _ name: String) -> RuntimeValue { value }

  static func member(of base: RuntimeValue, _ member: String, at range: SourceRange) throws(StepFailure)
    -> RuntimeValue?
  { nil }

  /// The float model underneath any model value.
  static func floatModel(of value: RuntimeValue) -> Sequential? {
    if case .model(let m) = value { return m.model }
    return nil
  }

  static func evaluate(_ subject: RuntimeValue, on split: NamedSplit, call: StepCall) throws(StepFailure)
    -> RuntimeValue
  {
    throw StepFailure("internal error: evaluate needs a model", at: call.range)
  }

  static func onAssignment(_ value: RuntimeValue, name: String, step: String) -> [Display] { [] }

  static func outputs(for value: RuntimeValue, title: String?, timings: Bool) -> [CellOutput]? { nil }

  static func json(_ value: RuntimeValue, timings: Bool) -> JSON? { nil }
}
