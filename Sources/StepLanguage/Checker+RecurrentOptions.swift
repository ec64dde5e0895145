extension NotebookChecker {
  /// Reports, at the argument and before anything trains, a `quantize` or `qat` option that
  /// the recurrent engine does not run, when the model is a word model (it starts with an
  /// embedding): only linear, symmetric, per-channel weights of 8 or 4 bits with nearest
  /// rounding, no `layer_bits` or `input_bits`, and 8-bit activations. The runner checks the
  /// same rules (`RecurrentQuantizationSteps.settings`) for models the checker cannot follow.
  mutating func checkRecurrentQuantization(_ call: TypedCall) {
    guard call.name == "quantize" || call.name == "qat",
      let model = call.given("model"),
      model.modelShape?.layers.first?.name == "embedding"
    else { return }
    let place = "\(model.text) has recurrent layers"
    let why =
      ": the embedding, the recurrent and the dense weights are quantized linearly, symmetric "
      + "per output column, as the integer recurrent engine runs them"
    let allowed: [(String, Value, String)] = [
      ("method", .constant(Constant.Method.linear), "use method: linear"),
      ("scheme", .constant(Constant.Scheme.symmetric), "leave scheme out (symmetric)"),
      (
        "granularity", .constant(Constant.Granularity.perChannel),
        "leave granularity out (per_channel)"
      ),
      ("rounding", .constant(Constant.Rounding.nearest), "leave rounding out (nearest)"),
    ]
    for (name, value, fix) in allowed {
      guard let e = call.given(name),
        let bad = e.values?.first(where: { $0 != value })
      else { continue }
      diagnostics.append(
        .error(
          "\(name): \(bad) is not supported on recurrent layers (\(place))\(why); \(fix)",
          at: e.range))
    }
    if let e = call.given("layer_bits"),
      e.values?.contains(where: { $0 != .list([]) }) == true
    {
      diagnostics.append(
        .error(
          "layer_bits is not supported on recurrent layers (\(place))\(why); give one bit "
            + "width with bits:",
          at: e.range))
    }
    if let e = call.given("input_bits"),
      e.values?.contains(where: { $0 != .int(0) }) == true
    {
      diagnostics.append(
        .error(
          "input_bits does not apply to \(model.text): its inputs are token indices, not pixels; "
            + "leave input_bits out",
          at: e.range))
    }
    if let e = call.given("bits"),
      case .int(let bits)? = e.values?.first(where: { $0 != .int(8) && $0 != .int(4) })
    {
      diagnostics.append(
        .error(
          "bits: \(bits) is not supported on recurrent layers (\(place)): the integer recurrent "
            + "engine runs 8- and 4-bit weights; use bits: 8 or bits: 4",
          at: e.range))
    }
    if let e = call.given("activation_bits"),
      case .int(let bits)? = e.values?.first(where: { $0 != .int(8) }),
      possibleValues(call.argument("mode"))?.contains(
        .constant(Constant.Mode.weightsAndActivations)) == true
    {
      diagnostics.append(
        .error(
          "activation_bits: \(bits) is not supported on recurrent layers (\(place)): the state "
            + "h is int8 and the gates are int16 fixed point; leave activation_bits out (8)",
          at: e.range))
    }
  }
}
