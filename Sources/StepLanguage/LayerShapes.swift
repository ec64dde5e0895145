import MarkdownNotebook

/// Static shape inference for layer stacks (NHWC without the batch dimension).
///
/// - conv2d(F, kernel: k, stride: s): `H x W x C -> H' x W' x F`, valid: `H' = (H - k) / s + 1`,
///   same: `H' = ceil(H / s)`; `k*k*C*F + F` parameters.
/// - maxpool/avgpool(p, stride: s = p): `H' = (H - p) / s + 1`.
/// - flatten: `H x W x C -> H*W*C`. dense(N): `D -> N`, `D*N + N` parameters.
/// - batchnorm: shape kept, `2*C` trainable parameters; activations and dropout keep the shape.
///
/// Every size is computed with overflow-checked arithmetic (`Checked`), and the model's
/// memory is checked against `ModelMemory`'s limits at the `sequential` call.
extension NotebookChecker {
  static let imageShape = [28, 28, 1]
  static let classCount = 10

  /// Resolves a layer block's elements to layer calls.
  mutating func checkLayers(_ layers: [Expression]) -> ([TypedCall], Bool) {
    var calls: [TypedCall] = []
    var ok = true
    for layer in layers {
      let typed = checkExpression(layer)
      switch typed.kind {
      case .call(let call) where call.signature.category == .layer && typed.type != .error:
        calls.append(call)
      case .variable(let name) where typed.type == .layer:
        if let call = lookup(name)?.binding.layer {
          calls.append(call)
        } else {
          // A loop variable over layers: the block would be built without it, silently.
          ok = false
          diagnostics.append(
            .error(
              "'\(name)' holds a layer chosen by a loop; a layer block takes layers written in "
                + "it, or names bound to one with name = dense(...): loop over a number instead "
                + "(dense(units))",
              at: layer.range))
        }
      default:
        ok = false
        if typed.type != .error {
          diagnostics.append(
            .error(
              "a layer block holds layers such as conv2d(...), dense(...), flatten(); this is "
                + "\(typed.type)",
              at: layer.range))
        }
      }
    }
    return (calls, ok)
  }

  /// A size argument of a layer (at least 1) within its parameter's range (a value outside it
  /// was reported by the range check, and stops inference: the shape arithmetic relies on
  /// those bounds); nil when unknown.
  func size(_ call: TypedCall, _ name: String) -> Int? {
    guard let argument = call.argument(name), case .int(let v)? = constantValue(argument), v >= 1,
      argument.parameter.range?.contains(Double(v)) ?? true
    else { return nil }
    return v
  }

  static func format(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: "x") }

  /// The shapes through the stack, or `nil` after reporting where it stops fitting; the
  /// error's notes show the shape at each layer up to there.
  mutating func inferShapes(
    input: [Int], layers: [TypedCall], blockRange: SourceRange, tokens: Bool = false
  ) -> ModelShape? {
    var shapes: [LayerShape] = []
    var current = input
    var trace = [DiagnosticNote("input: \(Self.format(input))")]
    func fail(_ message: String, _ call: TypedCall, fixIt: FixIt? = nil) {
      diagnostics.append(.error(message, at: call.range, notes: trace, fixIt: fixIt))
    }
    // Input dimensions outside 1...4096 were reported by the range check.
    guard input.allSatisfy({ (1...4096).contains($0) }) else { return nil }
    if layers.isEmpty {
      diagnostics.append(.error("a model needs at least one layer", at: blockRange))
      return nil
    }
    if tokens, layers[0].name != "embedding" {
      fail(
        "a tokens model starts with embedding(...), which turns token indices into vectors",
        layers[0])
      return nil
    }
    for (index, call) in layers.enumerated() {
      let isLast = index == layers.count - 1
      var output = current
      var parameters = 0
      var scratch = 0
      let shown = Self.format(current)
      switch call.name {
      case "conv2d", "maxpool", "avgpool":
        guard current.count == 3 else {
          fail("\(call.name) needs an HxWxC input, but it gets \(shown)", call)
          return nil
        }
        let isConv = call.name == "conv2d"
        guard let window = size(call, isConv ? "kernel" : "size") else { return nil }
        if call.argument("stride").flatMap(constantValue) != nil, size(call, "stride") == nil {
          return nil
        }
        let stride = size(call, "stride") ?? window
        let same =
          isConv
          && call.argument("padding").flatMap(constantValue) == .constant(Constant.Padding.same)
        if !same, window > current[0] || window > current[1] {
          fail("\(call.name) window \(window)x\(window) is larger than its \(shown) input", call)
          return nil
        }
        let out = { (n: Int) in same ? (n + stride - 1) / stride : (n - window) / stride + 1 }
        guard !isConv || size(call, "filters") != nil else { return nil }
        let channels = isConv ? size(call, "filters")! : current[2]
        output = [out(current[0]), out(current[1]), channels]
        if isConv {
          parameters = Checked.sum([
            Checked.product([window, window, current[2], channels]), channels,
          ])
          scratch = Checked.product([output[0], output[1], window, window, current[2]])
        }
      case "flatten":
        output = [Checked.product(current)]
      case "dense":
        guard current.count == 1 else {
          fail(
            "dense needs a flat input, but it gets \(shown); add flatten() before it", call,
            fixIt: FixIt(range: SourceRange(at: call.range.start), replacement: "flatten(), "))
          return nil
        }
        guard let units = size(call, "units") else { return nil }
        output = [units]
        parameters = Checked.sum([Checked.product([current[0], units]), units])
      case "batchnorm":
        parameters = Checked.product([2, current.last ?? 1])
      case "embedding", "rnn", "gru", "lstm":
        switch sequenceShape(call, index: index, current, tokens: tokens) {
        case .fits(let shape, let count): (output, parameters) = (shape, count)
        case .misfit(let message):
          fail(message, call)
          return nil
        case .unknown: return nil
        }
      default:
        break  // activations and dropout keep the shape
      }
      let softmax =
        call.name == "softmax"
        || call.argument("activation").flatMap(constantValue)
          == .constant(Constant.Activation.softmax)
      if softmax, !isLast {
        diagnostics.append(
          .warning(
            "softmax belongs in the last layer; here it squashes the features of the layers "
              + "after it",
            at: call.range))
      }
      shapes.append(
        LayerShape(
          name: call.name, range: call.range, input: current, output: output,
          parameterCount: parameters, scratchCount: scratch,
          activation: call.argument("activation").flatMap(constantValue)))
      trace.append(
        DiagnosticNote("\(call.name): \(shown) -> \(Self.format(output))", range: call.range))
      current = output
    }
    let model = ModelShape(input: input, layers: shapes)
    if model.output.count != 1 {
      diagnostics.append(
        .error(
          "a model must end with a flat output (one value per class), but this one ends with "
            + "\(Self.format(model.output)); add flatten() and dense(...)",
          at: blockRange, notes: trace))
      return nil
    }
    return model
  }

  /// Checks that a model fits the data a step feeds it: 28x28x1 images, 10 classes.
  mutating func checkDataFit(_ call: TypedCall) {
    guard ["train", "evaluate", "qat", "sensitivity", "compare", "speed"].contains(call.name) else {
      return
    }
    for model in call.modelArguments {
      guard let shape = model.modelShape else { continue }
      let readsTokens = shape.layers.first?.name == "embedding"
      if readsTokens, shape.input != Self.wordShape {
        diagnostics.append(
          .error(
            "the model reads \(Self.format(shape.input)) tokens, but words are "
              + "\(Self.format(Self.wordShape)) letters; use sequential(tokens: 16)",
            at: model.range))
      } else if !readsTokens, shape.input != Self.imageShape {
        diagnostics.append(
          .error(
            "the model takes \(Self.format(shape.input)) inputs, but the images are "
              + "\(Self.format(Self.imageShape)); use sequential(input: 28x28x1)",
            at: model.range))
      } else if shape.output != [Self.classCount] {
        diagnostics.append(
          .error(
            "the model gives \(Self.format(shape.output)) outputs, but the data has "
              + "\(Self.classCount) classes; end with dense(\(Self.classCount), ...)",
            at: model.range))
      }
    }
  }
}
