import HTMLReport
import MarkdownNotebook

/// What one kind of value (a model, a data set, a signal, ...) brings to the generic
/// machinery: its text, members, report outputs, JSON and cache coding.
///
/// Each kind conforms in its own folder `Values/<Kind>/`; `RuntimeValue.kind` is the one list
/// that maps a value to its kind. The plain values (numbers, text, shapes, lists) have no kind:
/// the machinery handles them itself.
protocol ValueKind: Sendable {
  /// A short text for tables, sweep rows and inline prose values.
  var inlineText: String { get }
  /// `value.member` at run time: the members `StepLanguage.Members` declares for the type.
  func member(_ name: String, at range: SourceRange) throws(StepFailure) -> RuntimeValue
  /// The value named as it is bound (`net`, `q`), for kinds that carry a label; else nil.
  func labelled(_ name: String) -> RuntimeValue?
  /// What `name = step(...)` shows besides binding the name (a new model's layer table).
  func onAssignment(name: String, step: String) -> [Display]
  /// The report outputs of a shown value; `timings: false` leaves measured times out.
  func outputs(title: String?, timings: Bool) -> [CellOutput]
  /// The value in `NAME.json`.
  func json(timings: Bool) -> JSON
  /// Writes the value with its cache tag (`RuntimeValue.decodeKind` reads it back); false
  /// when the kind is not stored: the statement is re-evaluated when its value is needed.
  func encode(into w: inout CacheWriter, reference: (NamedSplit) -> SplitReference?) -> Bool
}

extension ValueKind {
  func member(_ name: String, at range: SourceRange) throws(StepFailure) -> RuntimeValue {
    throw .noMember(name, at: range)
  }

  func labelled(_ name: String) -> RuntimeValue? { nil }
  func onAssignment(name: String, step: String) -> [Display] { [] }
  func outputs(title: String?, timings: Bool) -> [CellOutput] {
    [.text(TextBlock(title: title, inlineText))]
  }
  func json(timings: Bool) -> JSON {
    .object([("kind", .string("value")), ("text", .string(inlineText))])
  }
  func encode(into w: inout CacheWriter, reference: (NamedSplit) -> SplitReference?) -> Bool {
    false
  }
}

/// A kind that takes the name it is bound to as its label (`net`, `q`), and shows it as its
/// text: the float, quantized and integer models.
protocol LabelledKind: ValueKind {
  var label: String { get set }
  /// This value as a runtime value (`.model(self)`).
  var runtimeValue: RuntimeValue { get }
}

extension LabelledKind {
  var inlineText: String { label }

  func labelled(_ name: String) -> RuntimeValue? {
    var named = self
    named.label = name
    return named.runtimeValue
  }
}

extension StepFailure {
  /// A member the checker allowed that the kind does not answer: a bug, not a notebook error.
  static func noMember(_ name: String, at range: SourceRange) -> StepFailure {
    StepFailure("internal error: no member '\(name)' at run time", at: range)
  }
}
