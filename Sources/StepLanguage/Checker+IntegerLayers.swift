extension NotebookChecker {
  /// Reports, before anything runs, a `convert` (or `gates`) the engine would refuse after
  /// training: a model quantized weights only (no activation grids), activations over 8 bits,
  /// and, for an image model, a layer the integer engine does not run (average pooling, a
  /// sigmoid or tanh, softmax before the end, a batch norm that cannot be folded into the
  /// conv/dense right before it). The same rules as `IntegerModel(converting:)` and the
  /// recurrent engine; a model the checker cannot follow is left to them.
  mutating func checkIntegerLayers(_ call: TypedCall) {
    if call.name == "export" {
      checkExportForm(call)
      return
    }
    guard call.name == "convert" || call.name == "gates",
      let quantized = call.given("quantized"),
      let shape = quantized.modelShape, let options = shape.quantization
    else { return }
    let recurrent = shape.layers.first?.name == "embedding"
    // `gates` of an image model is refused by the runner with its own reason.
    guard call.name == "convert" || recurrent else { return }
    let weightsOnly = Value.constant(Constant.Mode.weights)
    if options["mode"]?.contains(weightsOnly) == true {
      let what = call.name == "convert" ? "convert it to integers" : "measure its gates"
      diagnostics.append(
        .error(
          "this model was quantized weights only (mode: weights, the default), so it has no "
            + "activation grids to \(what); quantize it with mode: weights_and_activations",
          at: quantized.range))
      return
    }
    guard call.name == "convert" else { return }
    if case .int(let bits)? = options["activation_bits"]?.first(where: {
      if case .int(let b) = $0 { b > 8 } else { false }
    }) {
      diagnostics.append(
        .error(
          "this model's activations use \(bits) bits; the integer engine runs at most 8 "
            + "(activation_bits: 8)",
          at: quantized.range))
      return
    }
    guard !recurrent else { return }
    let folds = options["fold_batchnorm"]?.contains(.bool(false)) != true
    if let (layer, index, reason) = unsupportedIntegerLayer(shape, folds: folds) {
      diagnostics.append(
        .error(
          "this model cannot run on the integer engine: layer \(index + 1) (\(layer.name)) "
            + reason,
          at: quantized.range,
          notes: [DiagnosticNote("layer \(index + 1): \(layer.name)", range: layer.range)]))
    }
  }

  /// Reports `export(..., qlinear: true)` of a float or quantized (fake-quant) model: the
  /// QLinear form is an integer model's only.
  mutating func checkExportForm(_ call: TypedCall) {
    guard let form = call.given("qlinear"),
      form.values?.contains(.bool(true)) == true,
      let model = call.given("model"),
      model.type == .model || model.type == .quantizedModel
    else { return }
    diagnostics.append(
      .error(
        "qlinear: true applies to integer models only (float and fake-quant models have one "
          + "form); convert the model first, or leave qlinear out",
        at: form.range))
  }

  /// The first layer of an image model `IntegerModel(converting:)` would refuse, with why.
  func unsupportedIntegerLayer(_ shape: ModelShape, folds: Bool)
    -> (LayerShape, Int, String)?
  {
    let layers = shape.layers
    let softmax = Value.constant(Constant.Activation.softmax)
    for (i, layer) in layers.enumerated() {
      // Only dropout may follow a softmax: the engine drops both.
      let atEnd = layers[(i + 1)...].allSatisfy { $0.name == "dropout" }
      switch layer.name {
      case "conv2d", "dense":
        guard let activation = layer.activation else { continue }
        if activation == softmax, atEnd { continue }
        if activation == .constant(Constant.Activation.none)
          || activation == .constant(Constant.Activation.relu)
        {
          continue
        }
        return (
          layer, i,
          "has activation \(activation); the integer engine runs relu, none, and softmax at "
            + "the end"
        )
      case "maxpool", "flatten", "dropout", "relu": continue
      case "softmax":
        if atEnd { continue }
        return (layer, i, "is a softmax before the end; the integer engine runs it last only")
      case "sigmoid", "tanh":
        return (
          layer, i,
          "is a \(layer.name); the integer engine runs relu, and softmax at the end (use relu)"
        )
      case "avgpool":
        return (layer, i, "is average pooling; the integer engine runs maxpool (use maxpool)")
      case "batchnorm":
        let before = i > 0 ? layers[i - 1] : nil
        let linear = before.map {
          ($0.name == "conv2d" || $0.name == "dense")
            && ($0.activation ?? .constant(Constant.Activation.none))
              == .constant(Constant.Activation.none)
        }
        if folds, linear == true { continue }
        let previous =
          before.map { b in
            b.name
              + (b.activation.map { $0 == .constant(Constant.Activation.none) } == false
                ? " with activation \(b.activation!)" : "")
          } ?? "the input"
        let why =
          folds
          ? "follows \(previous), not a conv2d or dense without activation, so it cannot be "
            + "folded; put batchnorm() right after a conv2d or dense with no activation"
          : "is not folded (fold_batchnorm: false); quantize with fold_batchnorm: true"
        return (layer, i, "\(why); the integer engine runs no batch norm of its own")
      default:
        continue  // layers the checker does not know here are left to the engine
      }
    }
    return nil
  }
}
