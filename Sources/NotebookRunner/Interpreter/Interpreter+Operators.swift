import MarkdownNotebook
import StepLanguage

/// The two figures of a comparison and its truth, kept for `claim`: the report shows both.
struct Comparison: Sendable {
  var op: BinaryOperator
  var left: RuntimeValue
  var right: RuntimeValue
  var leftText: String
  var rightText: String
  var holds: Bool
}

extension Interpreter {
  /// `left op right` on two evaluated numbers.
  ///
  /// Arithmetic: Int ⊕ Int stays an Int for `+ - *` (an overflow is an error); a fraction
  /// (an accuracy) plus, minus or times a number is a fraction, shown in percent
  /// (`base.accuracy - 0.05` is five points below it); two durations add or subtract to a
  /// duration; anything else, and every `/`, is a Float. Dividing by zero is an error. A
  /// comparison compares the numbers' values (an accuracy of 85.2% is 0.852).
  func binary(
    _ op: BinaryOperator, _ left: RuntimeValue, _ right: RuntimeValue, at range: SourceRange
  ) throws(StepFailure) -> RuntimeValue {
    guard let x = Self.number(left), let y = Self.number(right) else {
      throw StepFailure(
        "internal error: '\(op.rawValue)' on a value that is not a number", at: range)
    }
    if let truth = op.compare(x, y) { return .bool(truth) }
    if case .int(let a) = left, case .int(let b) = right, op != .divide {
      let (result, overflow): (Int, Bool) =
        switch op {
        case .add: a.addingReportingOverflow(b)
        case .subtract: a.subtractingReportingOverflow(b)
        default: a.multipliedReportingOverflow(by: b)
        }
      if overflow { throw StepFailure("'\(op.rawValue)' overflows an Int here", at: range) }
      return .int(result)
    }
    if op == .divide, y == 0 {
      throw StepFailure("division by zero: the right side is 0", at: range)
    }
    let value: Double =
      switch op {
      case .add: x + y
      case .subtract: x - y
      case .multiply: x * y
      default: x / y
      }
    guard value.isFinite else {
      throw StepFailure(
        "'\(op.rawValue)' overflows a Float here (the result is beyond ±1.8e308)", at: range)
    }
    switch (left, right, op) {
    case (.duration, .duration, .add), (.duration, .duration, .subtract): return .duration(value)
    case (.duration, _, _), (_, .duration, _), (_, _, .divide): return .float(value)
    case (.fraction, _, _), (_, .fraction, _): return .fraction(value)
    default: return .float(value)
    }
  }

  /// Evaluates a comparison's two sides and keeps them (for `claim`).
  func comparison(
    _ op: BinaryOperator, _ left: TypedExpression, _ right: TypedExpression,
    at range: SourceRange
  ) throws(StepFailure) -> Comparison {
    let l = try evaluate(left)
    let r = try evaluate(right)
    guard case .bool(let holds) = try binary(op, l, r, at: range) else {
      throw StepFailure("internal error: a comparison gave no Bool", at: range)
    }
    return Comparison(
      op: op, left: l, right: r, leftText: left.text, rightText: right.text, holds: holds)
  }

  static func number(_ value: RuntimeValue) -> Double? {
    switch value {
    case .int(let v): Double(v)
    case .float(let v), .fraction(let v), .duration(let v): v
    default: nil
    }
  }
}
