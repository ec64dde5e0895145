import MarkdownNotebook

extension NotebookChecker {
  /// Types `left op right`. Both sides must be numbers (Int or Float; a Metrics' accuracy is a
  /// Float): `+ - *` of two Ints is an Int, any other arithmetic a Float, a comparison a Bool.
  /// A constant result is folded into `values` so argument ranges can be checked.
  mutating func checkBinary(
    _ op: BinaryOperator, _ left: Expression, _ right: Expression, operatorRange: SourceRange,
    range: SourceRange
  ) -> TypedExpression {
    let l = checkExpression(left)
    let r = checkExpression(right)
    var ok = l.type != .error && r.type != .error
    for (side, typed) in [("left", l), ("right", r)] where ok && !Self.isNumber(typed.type) {
      let verb = op.isComparison ? "compares numbers" : "applies to numbers"
      diagnostics.append(
        .error(
          "'\(op.rawValue)' \(verb) (Int or Float); the \(side) side is \(typed.type)",
          at: typed.range,
          notes: Self.memberHint(typed.type).map { [DiagnosticNote($0)] } ?? []))
      ok = false
    }
    guard ok else { return TypedExpression(kind: .invalid, type: .error, range: range) }
    let type: StepType =
      op.isComparison ? .bool : (op != .divide && l.type == .int && r.type == .int ? .int : .float)
    var values: [Value]?
    if let a = l.constant, let b = r.constant, let folded = Self.fold(op, a, b) {
      values = [folded]
    }
    return TypedExpression(kind: .binary(op, l, r), type: type, range: range, values: values)
  }

  static func isNumber(_ type: StepType) -> Bool { type == .int || type == .float }

  /// A hint for comparing a whole value: which of its members are numbers.
  static func memberHint(_ type: StepType) -> String? {
    let numbers = Members.of(type).filter { isNumber($0.value) }.keys.sorted()
    guard !numbers.isEmpty else { return nil }
    return "compare one of its figures: \(numbers.map { "." + $0 }.joined(separator: ", "))"
  }

  /// The value of `a op b` for two constants; nil when it cannot be folded (an Int overflow,
  /// a division by zero).
  static func fold(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value? {
    if case .int(let x) = a, case .int(let y) = b, op != .divide, !op.isComparison {
      let (result, overflow): (Int, Bool) =
        switch op {
        case .add: x.addingReportingOverflow(y)
        case .subtract: x.subtractingReportingOverflow(y)
        default: x.multipliedReportingOverflow(by: y)
        }
      return overflow ? nil : .int(result)
    }
    guard let x = a.number, let y = b.number else { return nil }
    if let truth = op.compare(x, y) { return .bool(truth) }
    let result: Double =
      switch op {
      case .add: x + y
      case .subtract: x - y
      case .multiply: x * y
      default: y == 0 ? .nan : x / y
      }
    return result.isFinite ? .float(result) : nil
  }
}
