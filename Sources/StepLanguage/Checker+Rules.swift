import MarkdownNotebook
import QuantizationMethods

/// Rules that need more than one argument of a call: a model's memory (`ModelMemory`), bit
/// widths against the method (`BitWidthRule`), `layer_bits` against the model's layers.
extension NotebookChecker {
  /// Reports a model that cannot be allocated even to train one image; `false` when it is.
  mutating func checkModelMemory(_ model: ModelShape, at range: SourceRange) -> Bool {
    guard let problem = ModelMemory(model).problem(batch: 1, training: true) else { return true }
    diagnostics.append(
      .error(
        "this model is too large: \(problem); make its input or layers smaller", at: range,
        notes: [
          DiagnosticNote(
            "the limit is 4 GiB for parameters and values (see 'Model size' in docs/LANGUAGE.md)")
        ]))
    return false
  }

  /// Reports a batch that does not fit in memory with the call's model(s).
  mutating func checkBatchMemory(_ call: TypedCall) {
    let training = ["train", "qat"].contains(call.name)
    let batches: [Int]
    var at: SourceRange = call.nameRange
    switch call.name {
    case "train", "qat", "speed":
      guard let argument = call.argument("batch") else { return }
      switch argument.source {
      case .given(let e):
        at = e.range
        batches = (e.values ?? []).flatMap(Self.ints)
      case .defaulted(.int(let b)): batches = [b]
      default: return
      }
    case "evaluate", "compare", "sensitivity": batches = [ModelMemory.evaluationBatch]
    default: return
    }
    for model in call.modelArguments {
      guard let shape = model.modelShape else { continue }
      let memory = ModelMemory(shape)
      for batch in batches where batch >= 1 {
        guard let problem = memory.problem(batch: batch, training: training) else { continue }
        if call.name == "evaluate" || call.name == "compare" || call.name == "sensitivity" {
          diagnostics.append(
            .error(
              "this model is too large to \(call.name) \(ModelMemory.evaluationBatch) images at "
                + "a time: \(problem)",
              at: model.range))
        } else {
          diagnostics.append(
            .error(
              "'batch' of '\(call.name)' is too large for this model: \(problem); use a smaller "
                + "batch",
              at: at))
        }
        return
      }
    }
  }

  /// The values an argument can take (given or defaulted), when known.
  func possibleValues(_ argument: BoundArgument?) -> [Value]? {
    switch argument?.source {
    case .given(let e)?: e.values
    case .defaulted(let v)?: [v]
    default: nil
    }
  }

  /// Reports a bit width the call's method does not support (`bits: 1, method: log2`).
  mutating func checkBitWidths(_ call: TypedCall) {
    guard let rule = BitWidthRule.rule(for: call.name) else { return }
    func names(_ source: BitWidthRule.Source) -> [String]? {
      switch source {
      case .fixed(let name): return [name]
      case .parameter(let p):
        return possibleValues(call.argument(p))?.compactMap {
          if case .enumeration(let n) = $0 { n } else { nil }
        }
      }
    }
    guard let methods = names(rule.method), let schemes = names(rule.scheme) else { return }
    for name in rule.parameters {
      guard let argument = call.argument(name), case .given(let typed) = argument.source,
        let values = typed.values
      else { continue }
      let widths = values.flatMap(Self.ints)
      // Widths outside the parameter's own range were reported by the range check.
      let inRange = widths.filter { argument.parameter.range?.contains(Double($0)) ?? true }
      if let problem = bitProblem(inRange, methods: methods, schemes: schemes, rule: rule) {
        var notes: [DiagnosticNote] = []
        if case .variable(let variable) = typed.kind, values.count > 1 {
          notes.append(DiagnosticNote("'\(variable)' takes the value \(problem.bits) in the loop"))
        }
        if case .parameter(let p) = rule.method, methods.count > 1 {
          notes.append(DiagnosticNote("'\(p)' takes the value \(problem.method) in the loop"))
        }
        let what = typed.type == .list(.int) ? "each element of '\(name)'" : "'\(name)'"
        var fixIt: FixIt?
        if case .literal(.int) = typed.kind, let only = problem.only {
          fixIt = FixIt(range: typed.range, replacement: String(only))
        }
        diagnostics.append(
          .error(
            "\(what) of '\(call.name)' must be \(problem.range) for \(problem.label); got "
              + "\(problem.bits)\(problem.hint)",
            at: typed.range, notes: notes, fixIt: fixIt))
      }
    }
  }

  private func bitProblem(
    _ widths: [Int], methods: [String], schemes: [String], rule: BitWidthRule
  ) -> (bits: Int, method: String, range: ValueRange, label: String, hint: String, only: Int?)? {
    for bits in widths {
      for method in methods {
        for scheme in schemes {
          guard let range = MethodBits.range(method: method, scheme: scheme),
            !range.contains(Double(bits))
          else { continue }
          let schemeMatters =
            Constant.Method(rawValue: method).map(MethodBits.dependsOnScheme) ?? false
          var label = "method \(method)"
          var hint = ""
          if schemeMatters, case .parameter = rule.scheme {
            label += " with scheme \(scheme)"
            if method == Constant.Method.linear.rawValue,
              scheme == Constant.Scheme.symmetric.rawValue,
              bits == 1
            {
              hint = "; for 1 bit use scheme: asymmetric or method: binary"
            }
          }
          let only: Int? =
            range.intervals.count == 1 && range.intervals[0].lower == range.intervals[0].upper
            ? range.intervals[0].lower.map { Int($0) } : nil
          return (bits, method, range, label, hint, only)
        }
      }
    }
    return nil
  }

  /// Reports a `layer_bits` list whose length is not the model's conv + dense layer count.
  mutating func checkLayerBitsCount(_ call: TypedCall) {
    guard let typed = call.given("layer_bits"),
      let model = call.given("model"), let shape = model.modelShape,
      shape.layers.first?.name != "embedding"  // word models take no layer_bits at all
    else { return }
    let weighted = shape.layers.filter { $0.name == "conv2d" || $0.name == "dense" }
    for case .list(let items) in typed.values ?? []
    where !items.isEmpty && items.count != weighted.count {
      let names = weighted.map(\.name).joined(separator: ", ")
      diagnostics.append(
        .error(
          "'layer_bits' has \(items.count) entr\(items.count == 1 ? "y" : "ies"), but the model "
            + "has \(weighted.count) conv/dense "
            + "layer\(weighted.count == 1 ? "" : "s")\(names.isEmpty ? "" : " (\(names))"); give "
            + "one bit width per conv or dense layer, in order",
          at: typed.range,
          notes: weighted.map {
            DiagnosticNote(
              "\($0.name): \(Self.format($0.input)) -> \(Self.format($0.output))", range: $0.range)
          }))
      return
    }
  }

  /// Reports `convert` of a quantized model whose weight options the integer engine cannot
  /// run: it needs linear, symmetric, per-channel weights of 2 to 8 bits (each `layer_bits`
  /// entry too). Options the checker cannot see (a loaded model, a value from a loop it
  /// cannot follow) are left to the runner.
  mutating func checkIntegerConversion(_ call: TypedCall) {
    guard call.name == "convert", let quantized = call.given("quantized"),
      let shape = quantized.modelShape, let options = shape.quantization,
      shape.layers.contains(where: { $0.name == "conv2d" || $0.name == "dense" })
    else { return }
    var problems: [String] = []
    let needed = ["method": "linear", "scheme": "symmetric", "granularity": "per_channel"]
    for name in ["method", "scheme", "granularity"] {
      if let bad = options[name]?.first(where: { $0 != .enumeration(needed[name]!) }) {
        problems.append("\(name) \(bad)")
      }
    }
    var widths: [Int] = []
    for case .list(let perLayer) in options["layer_bits"] ?? [.list([])] {
      widths +=
        perLayer.isEmpty
        ? (options["bits"] ?? []).flatMap(Self.ints) : perLayer.flatMap(Self.ints)
    }
    if let bad = widths.first(where: { !(2...8).contains($0) }) {
      problems.append("\(bad)-bit weights")
    }
    guard !problems.isEmpty else { return }
    diagnostics.append(
      .error(
        "this quantized model cannot run on the integer engine: it has "
          + "\(problems.joined(separator: ", ")); convert needs method linear, scheme symmetric, "
          + "granularity per_channel and 2 to 8 bits",
        at: quantized.range))
  }
}
