import MarkdownNotebook

extension NotebookChecker {
  mutating func checkStatement(_ statement: Statement) -> TypedStatement? {
    // Top-level statements start a fresh dependency set; statements in a loop body share
    // the loop's (a superset of their own: harmless for cache keys).
    if scopes.count == 1 { dependencies = [] }
    switch statement.kind {
    case .assignment(let name, let nameRange, let value):
      let typed = checkExpression(value)
      if typed.type == .claim {
        diagnostics.append(
          .error(
            "a claim is shown where it stands in the prose; write it as a statement of its own, "
              + "not assigned to '\(name)'",
            at: statement.range))
      }
      var binding = Binding(
        kind: .variable, type: typed.type, values: typed.values, range: nameRange)
      if case .call(let call) = typed.kind, call.signature.category == .layer {
        binding.layer = call
      }
      if case .variable(let other) = typed.kind, let (_, b) = lookup(other) {
        binding.layer = b.layer
      }
      binding.modelShape = typed.modelShape
      binding.dataKind = dataKind(of: typed)
      bind(name, at: nameRange, binding)
      return TypedStatement(
        kind: .assignment(name: name, value: typed), range: statement.range,
        dependencies: dependencies.sorted())

    case .expression(let expression):
      let typed = checkExpression(expression)
      warnIfUseless(typed)
      return TypedStatement(
        kind: .show(typed), range: statement.range, dependencies: dependencies.sorted())

    case .forLoop(let variable, let variableRange, let sequence, let body):
      let typedSequence = checkExpression(sequence)
      var elementType = StepType.error
      switch typedSequence.type {
      case .list(let element): elementType = element
      case .emptyList:
        diagnostics.append(
          .warning("the loop runs over an empty list, so its body never runs", at: sequence.range))
      case .error: break
      default:
        diagnostics.append(
          .error(
            "a loop runs over a list, such as [8, 4, 2]; this is \(typedSequence.type)",
            at: sequence.range))
      }
      var elementValues: [Value]?
      if case .list(let values)? = typedSequence.constant { elementValues = values }
      scopes.append([:])
      bind(
        variable, at: variableRange,
        Binding(kind: .loopVariable, type: elementType, values: elementValues, range: variableRange)
      )
      var typedBody: [TypedStatement] = []
      for inner in body {
        if let typed = checkStatement(inner) { typedBody.append(typed) }
      }
      for (name, binding) in scopes.removeLast() where !binding.used {
        if let range = binding.range {
          let what = binding.kind == .loopVariable ? "loop variable" : "name"
          diagnostics.append(.warning("\(what) '\(name)' is never used", at: range))
        }
      }
      return TypedStatement(
        kind: .loop(variable: variable, sequence: typedSequence, body: typedBody),
        range: statement.range,
        dependencies: dependencies.sorted())
    }
  }

  /// Warns about a shown expression that can only be a slip: a bare literal or a lone layer.
  mutating func warnIfUseless(_ typed: TypedExpression) {
    switch typed.kind {
    case .literal, .list, .negate:
      diagnostics.append(
        .warning("a bare value does nothing; assign it to a name or remove it", at: typed.range))
    case .call(let call) where call.signature.category == .layer:
      diagnostics.append(
        .warning(
          "a layer on its own does nothing; put it in a layer block: sequential(input: ...) [ "
            + "\(call.name)(...) ]",
          at: typed.range))
    default: break
    }
  }
}
