import MarkdownNotebook

extension NotebookChecker {
  /// Checks an expression. `expected` only sharpens messages (which constants to suggest).
  mutating func checkExpression(_ expression: Expression, expected: StepType? = nil)
    -> TypedExpression
  {
    let range = expression.range
    switch expression.kind {
    case .integer(let v): return literal(.int(v), range)
    case .float(let v): return literal(.float(v), range)
    case .bool(let v): return literal(.bool(v), range)
    case .string(let v): return literal(.string(v), range)
    case .shape(let dims):
      if dims.contains(0) {
        diagnostics.append(.error("a shape dimension must be at least 1", at: range))
        return TypedExpression(kind: .invalid, type: .error, range: range)
      }
      return literal(.shape(dims), range)
    case .missing:
      return TypedExpression(kind: .invalid, type: .error, range: range)
    case .name(let name):
      return checkName(name, range: range, expected: expected)
    case .negate(let operand):
      let typed = checkExpression(operand)
      switch typed.type {
      case .int, .float, .error:
        let values = typed.values?.map { v -> Value in
          switch v {
          case .int(let i): return .int(i == Int.min ? i : -i)
          case .float(let f): return .float(-f)
          default: return v
          }
        }
        return TypedExpression(kind: .negate(typed), type: typed.type, range: range, values: values)
      default:
        diagnostics.append(
          .error("'-' applies to numbers only; this is \(typed.type)", at: operand.range))
        return TypedExpression(kind: .invalid, type: .error, range: range)
      }
    case .list(let elements):
      var elementExpected: StepType?
      if case .list(let e)? = expected { elementExpected = e }
      let typed = elements.map { checkExpression($0, expected: elementExpected) }
      guard var joined = typed.first?.type else {
        return TypedExpression(kind: .list([]), type: .emptyList, range: range, values: [.list([])])
      }
      for element in typed.dropFirst() {
        if let j = StepType.join(joined, element.type) {
          joined = j
        } else {
          diagnostics.append(
            .error(
              "a list holds one type: this element is \(element.type), the list holds \(joined)",
              at: element.range))
          joined = .error
          break
        }
      }
      let converted = typed.map { joined == .float && $0.type == .int ? toFloat($0) : $0 }
      var values: [Value]?
      if converted.allSatisfy({ $0.constant != nil }) {
        values = [.list(converted.map { $0.constant! })]
      }
      return TypedExpression(
        kind: .list(converted), type: .list(joined), range: range, values: values)
    case .member(let base, let member, let memberRange):
      return checkMember(
        base: checkExpression(base), member: member, memberRange: memberRange, range: range)
    case .call(let call):
      return checkCall(call, range: range)
    case .binary(let op, let left, let right, let operatorRange):
      return checkBinary(op, left, right, operatorRange: operatorRange, range: range)
    }
  }

  func literal(_ value: Value, _ range: SourceRange) -> TypedExpression {
    TypedExpression(kind: .literal(value), type: value.type, range: range, values: [value])
  }

  /// Wraps an Int expression passed where a Float is expected.
  func toFloat(_ e: TypedExpression) -> TypedExpression {
    TypedExpression(
      kind: .intToFloat(e), type: .float, range: e.range,
      values: e.values?.map { $0.converted(to: .float) ?? $0 })
  }

  mutating func checkName(_ name: String, range: SourceRange, expected: StepType?)
    -> TypedExpression
  {
    if let (scope, binding) = lookup(name) {
      markUsed(name, scope: scope)
      return TypedExpression(
        kind: .variable(name), type: binding.type, range: range, values: binding.values,
        modelShape: binding.modelShape)
    }
    if EnumType.allConstants.contains(name) {
      return literal(.enumeration(name), range)
    }
    if let defined = laterDefinitions[name], defined.start.offset > range.start.offset {
      diagnostics.append(
        .error(
          "'\(name)' is used before it is defined; cells run top to bottom", at: range,
          notes: [DiagnosticNote("'\(name)' is defined here", range: defined)]))
      return TypedExpression(kind: .invalid, type: .error, range: range)
    }
    var candidates = visibleNames
    if case .enumeration(let e)? = expected {
      candidates = e.cases
    } else {
      candidates += EnumType.allConstants
    }
    let suggestion = Suggestions.closest(to: name, in: candidates)
    var message = "cannot find '\(name)'"
    if case .enumeration(let e)? = expected {
      message = "'\(name)' is not a \(e.name); expected \(Suggestions.list(e.cases))"
    } else if registry[name] != nil {
      message = "'\(name)' is a step; call it: \(name)(...)"
    }
    if let suggestion {
      message += "; did you mean '\(suggestion)'?"
    } else if expected == .string {
      message += "; a string is written in quotes: \"\(name)\""
    }
    diagnostics.append(
      .error(message, at: range, fixIt: suggestion.map { FixIt(range: range, replacement: $0) }))
    return TypedExpression(kind: .invalid, type: .error, range: range)
  }

  mutating func checkMember(
    base: TypedExpression, member: String, memberRange: SourceRange, range: SourceRange
  )
    -> TypedExpression
  {
    if base.type == .error { return TypedExpression(kind: .invalid, type: .error, range: range) }
    let members = Members.of(base.type)
    guard let type = members[member] else {
      if members.isEmpty {
        diagnostics.append(.error("\(base.type) has no members", at: memberRange))
      } else {
        diagnostics.append(
          .misspelled(
            "\(base.type) has no member '\(member)'; members are "
              + "\(Suggestions.list(members.keys.sorted()))",
            member, among: members.keys, at: memberRange))
      }
      return TypedExpression(kind: .invalid, type: .error, range: range)
    }
    return TypedExpression(kind: .member(base, member), type: type, range: range)
  }
}

/// The members each type offers (`data.train`, `net.history.final_accuracy`, `m.accuracy`).
public enum Members {
  public static func of(_ type: StepType) -> [String: StepType] {
    switch type {
    case .dataset: ["train": .split, "test": .split, "classes": .int]
    case .split: ["count": .int, "shape": .shape]
    case .model:
      ["history": .history, "parameters": .int, "input": .shape, "output": .shape]
    case .history:
      [
        "final_accuracy": .float, "final_loss": .float, "best_accuracy": .float, "epochs": .int,
        "accuracy": .list(.float), "loss": .list(.float), "seconds": .float,
      ]
    case .metrics: ["accuracy": .float, "loss": .float, "agreement": .float, "count": .int]
    case .quantizedModel:
      ["bits": .int, "size_bytes": .int, "compression": .float, "model": .model]
    case .integerModel: ["size_bytes": .int, "compression": .float, "kernels": .string]
    case .table: ["rows": .int]
    case .signal: ["samples": .int, "levels": .int, "mse": .float, "sqnr": .float]
    default: [:]
    }
  }
}
