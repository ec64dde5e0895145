import MarkdownNotebook

extension NotebookChecker {
  mutating func checkCall(_ call: Call, range: SourceRange) -> TypedExpression {
    guard let signature = registry[call.name] else {
      diagnostics.append(
        .misspelled(
          "unknown step '\(call.name)'", call.name, among: registry.names, at: call.nameRange,
          otherwise: "; `quantbook steps` lists them"))
      for argument in call.arguments { _ = checkExpression(argument.value) }
      for layer in call.layers ?? [] { _ = checkExpression(layer) }
      return TypedExpression(kind: .invalid, type: .error, range: range)
    }
    var given: [String: (TypedExpression, Argument)] = [:]
    var variadic: [TypedExpression] = []
    var positionalIndex = 0
    var sawLabel = false
    let positional = signature.parameters.filter(\.positional)
    var failed = !call.isComplete

    for argument in call.arguments {
      var parameter: ParameterSignature?
      if let label = argument.label, let labelRange = argument.labelRange {
        sawLabel = true
        parameter = signature.parameter(label)
        if parameter == nil {
          let names = signature.parameters.map(\.name)
          let known =
            names.isEmpty ? "it takes no arguments" : "its arguments are \(Suggestions.list(names))"
          diagnostics.append(
            .misspelled(
              "'\(signature.name)' has no argument '\(label)'", label, among: names, at: labelRange,
              otherwise: "; \(known)"))
        } else if let (_, first) = given[label] {
          diagnostics.append(
            .error(
              "argument '\(label)' is given twice", at: argument.range,
              notes: [DiagnosticNote("first given here", range: first.range)]))
          parameter = nil
        }
      } else if sawLabel {
        diagnostics.append(
          .error(
            "an unlabelled argument cannot follow a labelled one; write 'name: value'",
            at: argument.range))
      } else if positionalIndex < positional.count {
        parameter = positional[positionalIndex]
        if !(parameter!.variadic) { positionalIndex += 1 }
      } else {
        let labelled = signature.parameters.filter { !$0.positional }.map { "'\($0.name):'" }
        let takes =
          positional.isEmpty
          ? "'\(signature.name)' takes no unlabelled arguments"
          : "'\(signature.name)' takes \(positional.count) unlabelled "
            + "argument\(positional.count == 1 ? "" : "s") "
            + "(\(positional.map(\.name).joined(separator: ", ")))"
        diagnostics.append(
          .error(
            "too many unlabelled arguments: \(takes)"
              + (labelled.isEmpty ? "" : "; label the others, e.g. \(labelled[0])"),
            at: argument.range))
      }
      guard let parameter else {
        failed = true
        _ = checkExpression(argument.value)
        continue
      }
      let typed = checkArgument(argument.value, for: parameter, in: signature)
      if typed.type == .error { failed = true }
      if parameter.variadic {
        variadic.append(typed)
        given[parameter.name] = (typed, given[parameter.name]?.1 ?? argument)
      } else {
        given[parameter.name] = (typed, argument)
      }
    }

    var bound: [BoundArgument] = []
    for parameter in signature.parameters {
      if parameter.variadic {
        if variadic.isEmpty, parameter.isRequired, call.isComplete {
          diagnostics.append(
            .error(
              "'\(signature.name)' needs at least one "
                + "\(parameter.name == "models" ? "model" : parameter.name)",
              at: call.nameRange))
          failed = true
        }
        bound.append(BoundArgument(parameter: parameter, source: .variadic(variadic)))
      } else if let (typed, _) = given[parameter.name] {
        bound.append(BoundArgument(parameter: parameter, source: .given(typed)))
      } else {
        switch parameter.defaultValue {
        case .required:
          if call.isComplete {
            diagnostics.append(
              .error(
                "missing argument '\(parameter.name): \(parameter.type)' in call to "
                  + "'\(signature.name)'",
                at: call.nameRange,
                notes: parameter.doc.isEmpty
                  ? [] : [DiagnosticNote("\(parameter.name): \(parameter.doc)")]))
          }
          failed = true
          bound.append(BoundArgument(parameter: parameter, source: .absent))
        case .value(let v): bound.append(BoundArgument(parameter: parameter, source: .defaulted(v)))
        case .absent: bound.append(BoundArgument(parameter: parameter, source: .absent))
        }
      }
    }

    var typedCall = TypedCall(
      signature: signature, arguments: bound, layers: nil, modelShape: nil,
      nameRange: call.nameRange, range: range)
    if let layersRange = call.layersRange, !signature.takesLayers {
      diagnostics.append(.error("'\(signature.name)' does not take a layer block", at: layersRange))
      for layer in call.layers ?? [] { _ = checkExpression(layer) }
      failed = true
    }
    if signature.takesLayers {
      if let layers = call.layers {
        let (calls, ok) = checkLayers(layers)
        typedCall.layers = calls
        if !ok { failed = true }
        if !failed, let (input, tokens) = modelInput(typedCall) {
          typedCall.modelShape = inferShapes(
            input: input, layers: calls, blockRange: call.layersRange ?? range, tokens: tokens)
          if let shape = typedCall.modelShape, checkModelMemory(shape, at: call.nameRange) {
            models.append(shape)
          } else {
            typedCall.modelShape = nil
            failed = true
          }
        }
      } else if call.isComplete {
        diagnostics.append(
          .error(
            "'\(signature.name)' needs a layer block after the call: \(signature.name)(...) [ "
              + "dense(10) ]",
            at: range))
        failed = true
      }
    }
    checkPaths(typedCall)  // needs only the path argument itself
    if !failed {
      checkDataFit(typedCall)
      checkDataKinds(typedCall)
      checkWordCounts(typedCall)
      checkOptionDependencies(typedCall)
      checkBitWidths(typedCall)
      checkLayerBitsCount(typedCall)
      checkBatchMemory(typedCall)
      checkIntegerConversion(typedCall)
      checkIntegerLayers(typedCall)
      checkRecurrentQuantization(typedCall)
      if signature.name == "claim" { checkClaim(typedCall) }
    }
    var modelShape = typedCall.modelShape
    if modelShape == nil,
      [StepType.model, .quantizedModel, .integerModel].contains(signature.returns),
      case .given(let model)? = typedCall.arguments.first?.source
    {
      modelShape = model.modelShape  // train, quantize, qat, convert keep the architecture
    }
    if !failed, signature.name == "quantize" || signature.name == "qat" {
      var options: [String: [Value]] = [:]
      for name in [
        "method", "scheme", "granularity", "bits", "layer_bits", "mode", "activation_bits",
        "fold_batchnorm",
      ] {
        options[name] = possibleValues(typedCall.argument(name))
      }
      modelShape?.quantization = options
    }
    return TypedExpression(
      kind: .call(typedCall), type: failed ? .error : signature.returns, range: range,
      modelShape: modelShape)
  }

  /// The one value an argument takes (given or defaulted), when known: `possibleValues`'
  /// only one.
  func constantValue(_ argument: BoundArgument) -> Value? {
    possibleValues(argument).flatMap { $0.count == 1 ? $0[0] : nil }
  }

  /// Checks one argument's type and, when its values are known, its range.
  mutating func checkArgument(
    _ value: Expression, for parameter: ParameterSignature, in signature: StepSignature
  )
    -> TypedExpression
  {
    var typed = checkExpression(value, expected: parameter.type)
    guard parameter.type.accepts(typed.type) else {
      var message =
        "argument '\(parameter.name)' of '\(signature.name)' expects \(parameter.type), got "
        + "\(typed.type)"
      var fixIt: FixIt?
      if case .enumeration(let e) = parameter.type, typed.type == .string {
        // `scheme: "symmetric"`: a constant is written bare.
        let text = typed.constant.flatMap { if case .string(let s) = $0 { s } else { nil } }
        message =
          "'\(parameter.name)' of '\(signature.name)' takes a \(e.name) constant "
          + "(\(Suggestions.list(e.cases))), not a string"
        if let text, e.cases.contains(text) {
          message += "; write \(text) without quotes"
          if case .literal = typed.kind { fixIt = FixIt(range: typed.range, replacement: text) }
        }
      } else if parameter.type == .string, case .enumConstant(let name) = typed.type {
        // `save(net, to: relu)`: a string is written in quotes.
        message =
          "'\(parameter.name)' of '\(signature.name)' takes a string, and '\(name)' is a "
          + "constant; write \"\(name)\" in quotes"
        fixIt = FixIt(range: typed.range, replacement: "\"\(name)\"")
      } else if case .enumeration(let e) = parameter.type, case .enumConstant(let name) = typed.type
      {
        message = "'\(name)' is not a \(e.name); expected \(Suggestions.list(e.cases))"
        if let s = Suggestions.closest(to: name, in: e.cases) {
          message += "; did you mean '\(s)'?"
          fixIt = FixIt(range: typed.range, replacement: s)
        }
      } else if parameter.type == .int, typed.type == .float, case .float(let f)? = typed.constant,
        f == f.rounded(),
        abs(f) < 1e15
      {
        fixIt = FixIt(range: typed.range, replacement: String(Int(f)))
      }
      diagnostics.append(.error(message, at: typed.range, fixIt: fixIt))
      return TypedExpression(kind: .invalid, type: .error, range: typed.range)
    }
    if parameter.type == .float, typed.type == .int { typed = toFloat(typed) }
    if case .list(.float) = parameter.type, case .list(.int) = typed.type {
      typed = TypedExpression(
        kind: typed.kind, type: parameter.type, range: typed.range,
        values: typed.values?.map { $0.converted(to: parameter.type) ?? $0 })
    }
    if let range = parameter.range, let values = typed.values {
      checkRange(values, range, parameter: parameter, signature: signature, at: typed)
    }
    return typed
  }

  /// The Int numbers in a value (list elements, shape dimensions).
  static func ints(_ v: Value) -> [Int] {
    switch v {
    case .int(let i): [i]
    case .list(let items): items.flatMap(ints)
    case .shape(let dims): dims
    default: []
    }
  }

  mutating func checkRange(
    _ values: [Value], _ range: ValueRange, parameter: ParameterSignature, signature: StepSignature,
    at typed: TypedExpression
  ) {
    func numbers(_ v: Value) -> [Double] {
      switch v {
      case .list(let items): items.flatMap(numbers)
      case .shape(let dims): dims.map(Double.init)
      default: v.number.map { [$0] } ?? []
      }
    }
    let single = values.count == 1
    // The engine computes in float32: a Float must be in range after rounding to it too
    // (0.9999999999 becomes 1, 1e-300 becomes 0).
    let isFloat = parameter.type == .float || parameter.type == .list(.float)
    for value in values {
      for x in numbers(value)
      where !range.contains(x) || (isFloat && !range.contains(Double(Float(x)))) {
        // An Int is shown exactly; a Float as written in Swift's shortest form.
        let exact = Self.ints(value).first { Double($0) == x }
        let shown =
          exact.map(String.init) ?? (x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)")
        var notes: [DiagnosticNote] = []
        if range.contains(x) {
          notes.append(
            DiagnosticNote(
              "as a 32-bit float it is \(Float(x)); a Float must stay in range at that precision"))
        }
        if !single, case .variable(let name) = typed.kind {
          notes.append(DiagnosticNote("'\(name)' takes the value \(shown) in the loop"))
        }
        let what: String
        switch parameter.type {
        case .list: what = "each element of '\(parameter.name)'"
        case .shape: what = "each dimension of '\(parameter.name)'"
        default: what = "'\(parameter.name)'"
        }
        diagnostics.append(
          .error(
            "\(what) of '\(signature.name)' must be \(range); got \(shown)", at: typed.range,
            notes: notes))
        return
      }
    }
  }
}
