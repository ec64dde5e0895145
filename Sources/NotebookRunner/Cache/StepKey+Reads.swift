import StepLanguage

/// What a statement or expression reads that its key must cover besides its source: the steps
/// it calls (data sets loaded, files touched) and the host facts it shows (`.kernels`).
extension StepKeyParts {
  /// The names of the steps a statement calls (for the data sets it loads).
  static func stepNames(_ statement: TypedStatement) -> Set<String> {
    var names: Set<String> = []
    visit(statement, call: { names.insert($0.name) }, member: { _, _ in })
    return names
  }

  /// Whether `statement` reads the integer kernel path (`.kernels` of an integer model), a fact
  /// of the host that runs it. (Any member named `kernels` counts: keying one more statement
  /// by the path costs a recomputation on another path, never a wrong report.)
  static func readsKernelPath(_ statement: TypedStatement) -> Bool {
    var reads = false
    visit(statement, call: { _ in }, member: { reads = reads || $1 == "kernels" })
    return reads
  }

  /// Whether the inline expression `expression` reads the integer kernel path.
  static func readsKernelPath(_ expression: TypedExpression) -> Bool {
    var reads = false
    visit(expression, call: { _ in }, member: { reads = reads || $1 == "kernels" })
    return reads
  }

  /// Calls `call` for every step call and `member` for every member access in `statement`,
  /// loop bodies and layer blocks included.
  private static func visit(
    _ statement: TypedStatement, call: (TypedCall) -> Void,
    member: (TypedExpression, String) -> Void
  ) {
    switch statement.kind {
    case .assignment(_, let e), .show(let e): visit(e, call: call, member: member)
    case .loop(_, let sequence, let body):
      visit(sequence, call: call, member: member)
      for s in body { visit(s, call: call, member: member) }
    }
  }

  private static func visit(
    _ e: TypedExpression, call: (TypedCall) -> Void, member: (TypedExpression, String) -> Void
  ) {
    switch e.kind {
    case .member(let base, let name):
      member(base, name)
      visit(base, call: call, member: member)
    case .call(let c): visit(c, call: call, member: member)
    case .list(let items): for item in items { visit(item, call: call, member: member) }
    case .negate(let inner), .intToFloat(let inner): visit(inner, call: call, member: member)
    case .binary(_, let left, let right):
      visit(left, call: call, member: member)
      visit(right, call: call, member: member)
    case .literal, .variable, .invalid: break
    }
  }

  private static func visit(
    _ c: TypedCall, call: (TypedCall) -> Void, member: (TypedExpression, String) -> Void
  ) {
    call(c)
    for argument in c.arguments {
      switch argument.source {
      case .given(let e): visit(e, call: call, member: member)
      case .variadic(let es): for e in es { visit(e, call: call, member: member) }
      case .defaulted, .absent: break
      }
    }
    for layer in c.layers ?? [] { visit(layer, call: call, member: member) }
  }
}
