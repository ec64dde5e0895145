import Quantization
import StepLanguage
import TensorEngine

/// `quantize` and `qat` on a word model (`embedding → rnn / gru / lstm →
/// dense`), bound to `Quantization/Recurrent` (docs/RECURRENT-QUANTIZATION.md): the options
/// the recurrent quantizer supports, and a located error for every one it does not.
enum RecurrentQuantizationSteps {
  /// What a `quantize` or `qat` call asks of a word model.
  struct Settings {
    var bits: Int
    var activations: CalibrationMethod?
    var scheme: String
  }

  /// The settings of a `quantize` / `qat` call on a word model; a failure at the argument for
  /// every option the recurrent quantizer does not support (it never falls back silently).
  static func settings(_ call: StepCall, model: ModelValue) throws(StepFailure) -> Settings {
    let place = "\(model.label) has recurrent layers"
    let bits = try call.int("bits")
    func unsupported(_ parameter: String, _ what: String, hint: String) -> StepFailure {
      StepFailure(
        "\(what) is not supported on recurrent layers (\(place)): the embedding, the recurrent "
          + "and the dense weights are quantized linearly, symmetric per output column, as the "
          + "integer recurrent engine runs them", at: call.range(of: parameter), hint: hint)
    }
    let method = try call.constant("method", as: Constant.Method.self)
    switch method {
    case .linear: break
    case .log2, .kmeans, .binary, .ternary:
      throw unsupported("method", "method: \(method.rawValue)", hint: "use method: linear")
    }
    switch try call.constant("scheme", as: Constant.Scheme.self) {
    case .symmetric: break
    case .asymmetric:
      throw unsupported("scheme", "scheme: asymmetric", hint: "leave scheme out (symmetric)")
    }
    let granularity = try call.constant("granularity", as: Constant.Granularity.self)
    switch granularity {
    case .perChannel: break
    case .perTensor, .perGroup:
      throw unsupported(
        "granularity", "granularity: \(granularity.rawValue)",
        hint: "leave granularity out (per_channel)")
    }
    switch try call.constant("rounding", as: Constant.Rounding.self) {
    case .nearest: break
    case .stochastic:
      throw unsupported("rounding", "rounding: stochastic", hint: "leave rounding out (nearest)")
    }
    guard try call.intList("layer_bits").isEmpty else {
      throw unsupported("layer_bits", "layer_bits", hint: "give one bit width with bits:")
    }
    guard try call.int("input_bits") == 0 else {
      throw StepFailure(
        "input_bits does not apply to \(model.label): its inputs are token indices, not pixels",
        at: call.range(of: "input_bits"), hint: "leave input_bits out")
    }
    guard bits == 8 || bits == 4 else {
      throw StepFailure(
        "bits: \(bits) is not supported on recurrent layers (\(place)): the integer recurrent "
          + "engine runs 8- and 4-bit weights", at: call.range(of: "bits"),
        hint: "use bits: 8 or bits: 4")
    }
    var scheme = "\(bits)-bit linear symmetric per channel (embedding int8 per tensor)"
    var activations: CalibrationMethod?
    switch try call.constant("mode", as: Constant.Mode.self) {
    case .weights: break
    case .weightsAndActivations:
      guard try call.int("activation_bits") == 8 else {
        throw StepFailure(
          "activation_bits: \(try call.int("activation_bits")) is not supported on recurrent "
            + "layers (\(place)): the state h is int8 and the gates are int16 fixed point",
          at: call.range(of: "activation_bits"), hint: "leave activation_bits out (8)")
      }
      let (constant, method) = try call.calibration()
      activations = method
      scheme += ", int8 state and int16 gates (\(constant.rawValue))"
    }
    return Settings(bits: bits, activations: activations, scheme: scheme)
  }

  /// `quantize` on a word model.
  static func quantize(_ call: StepCall, source: ModelValue) throws(StepFailure) -> RuntimeValue {
    let settings = try settings(call, model: source)
    let calibration = try QuantizationSteps.calibrationSplit(
      call, source: source, activations: settings.activations != nil,
      missing: "quantizing the activations of \(source.label) needs calibration words, and it "
        + "was not trained here")
    let result = try call.engine {
      try quantizeRecurrent(
        source.model, bits: settings.bits, activations: settings.activations,
        calibration: calibration?.split)
    }
    return .quantized(
      QuantizedValue(
        quantized: result.quantized, source: source, label: "quantized", scheme: settings.scheme,
        recurrent: result.classifier))
  }

  /// `qat` on a word model: fine-tuning with the embedding, W, U and the head fake-quantized
  /// (`recurrentQuantizationHooks`), then `quantize` of the result.
  static func qat(_ call: StepCall, source: ModelValue) throws(StepFailure) -> RuntimeValue {
    let settings = try settings(call, model: source)
    let split = try call.split("on")
    let validation = try call.optionalSplit("validation")
    let calibration = try call.optionalSplit("calibrate_on")
    let options = try TrainingSteps.trainingOptions(call)
    let result = try TrainingSteps.runTraining(call, steps: "qat") { clock, progress in
      try trainRecurrentQuantizationAware(
        source.model, bits: settings.bits, activations: settings.activations, on: split.split,
        validation: validation?.split, calibration: calibration?.split, options: options,
        clock: clock, progress: progress)
    }
    return .quantized(
      QuantizedValue(
        quantized: result.quantized.quantized, source: source, label: "qat",
        scheme: settings.scheme + ", QAT",
        history: History(epochs: result.history.epochs, sampleNoun: split.noun),
        recurrent: result.quantized.classifier))
  }
}
