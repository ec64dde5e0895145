extension TypedExpression {
  /// The expression written back as source, normalised (`q4.accuracy - net.accuracy`,
  /// `evaluate(q, …).accuracy`): how a claim names its two sides in reports and NAME.json.
  public var text: String {
    switch kind {
    case .literal(let value): return value.description
    case .variable(let name): return name
    case .member(let base, let member): return "\(base.text).\(member)"
    case .call(let call):
      let first = call.arguments.lazy.compactMap { argument -> String? in
        if case .given(let given) = argument.source { return given.text }
        return nil
      }.first
      let more = call.arguments.filter { if case .given = $0.source { true } else { false } }
      return "\(call.name)(\(first ?? "")\(more.count > 1 ? ", …" : ""))"
    case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
    case .negate(let inner): return "-" + inner.textInside(level: 4)
    case .intToFloat(let inner): return inner.text
    case .binary(let op, let left, let right):
      // Left-associative: the right operand needs parentheses at the same level.
      return left.textInside(level: op.precedence) + " \(op.rawValue) "
        + right.textInside(level: op.precedence + 1)
    case .invalid: return "<error>"
    }
  }

  /// The text, in parentheses when it binds looser than `level`.
  private func textInside(level: Int) -> String {
    if case .binary(let op, _, _) = kind, op.precedence < level { return "(\(text))" }
    return text
  }
}
