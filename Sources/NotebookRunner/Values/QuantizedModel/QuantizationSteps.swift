import Quantization
import StepLanguage
import TensorEngine

/// Quantization steps: `quantize`, `qat`, `errors`, `sensitivity`, `compare`, `speed`
/// (and `convert`, in IntegerSteps), bound to the Quantization module.
enum QuantizationSteps {
  static let all: [String: StepBody] = [
    "quantize": { call throws(StepFailure) in
      let source = try call.model("model")
      if source.model.hasRecurrentLayers {
        return try RecurrentQuantizationSteps.quantize(call, source: source)
      }
      let (config, scheme) = try configuration(call, model: source.model)
      let calibration = try calibrationSplit(
        call, source: source, activations: config.activations != nil,
        missing: "quantizing activations needs calibration images, and \(source.label) was not "
          + "trained here")
      let quantized = try call.engine {
        try Quantization.quantize(
          source.model, config: config, calibration: calibration?.split,
          threads: call.environment.threads)
      }
      return .quantized(
        QuantizedValue(quantized: quantized, source: source, label: "quantized", scheme: scheme))
    },
    "qat": { call throws(StepFailure) in
      let source = try call.model("model")
      if source.model.hasRecurrentLayers {
        return try RecurrentQuantizationSteps.qat(call, source: source)
      }
      let (config, scheme) = try configuration(call, model: source.model)
      let split = try call.split("on")
      let validation = try call.optionalSplit("validation")
      let calibration = try call.optionalSplit("calibrate_on")
      let options = try TrainingSteps.trainingOptions(call)
      let result = try TrainingSteps.runTraining(call, steps: "qat") { clock, progress in
        try trainQuantizationAware(
          source.model, config: config, on: split.split, validation: validation?.split,
          calibration: calibration?.split, options: options, clock: clock, progress: progress)
      }
      return .quantized(
        QuantizedValue(
          quantized: result.quantized, source: source, label: "qat", scheme: scheme + ", QAT",
          history: History(epochs: result.history.epochs, sampleNoun: split.noun)))
    },
    "errors": { call throws(StepFailure) in
      guard case .quantized(let q) = try call.value("quantized") else {
        throw StepFailure("internal error: errors needs a quantized model", at: call.range)
      }
      return .table(QuantizationViews.errorTable(q))
    },
    "sensitivity": { call throws(StepFailure) in
      let model = try call.model("model")
      let split = try call.split("on")
      let bits = try call.int("bits")
      let threads = call.environment.threads
      // A word model: the embedding, the recurrent layer and the head, each alone at `bits`.
      let recurrent = model.model.hasRecurrentLayers
      if !recurrent {
        try call.checkBits(bits, parameter: "bits", method: .linear, scheme: .symmetric)
      }
      let results = try call.engine {
        recurrent
          ? try recurrentSensitivitySweep(
            model.model, on: split.split, bits: bits, threads: threads)
          : try sensitivitySweep(
            model.model, on: split.split, weights: .linear(LinearQuantizer(bits: bits)),
            threads: threads)
      }
      return .table(
        QuantizationViews.sensitivityTable(
          results, model: model.label, bits: bits, split: split.name))
    },
    "compare": { call throws(StepFailure) in
      let split = try call.split("on")
      let a = try call.value("a")
      let b = try call.value("b")
      let first = try Predictions.evaluate(a, on: split, call: call)
      let second = try Predictions.evaluate(b, on: split, call: call)
      var metrics = MetricsValue(
        second.evaluation, of: "\(second.label) vs \(first.label)", on: split)
      metrics.agreement = Evaluation.agreement(
        first.evaluation.predictions, second.evaluation.predictions)
      metrics.sequenceLengths = SequenceViews.lengths(split, second.evaluation)
      metrics.extras =
        [
          ("\(first.label) accuracy", .fraction(first.evaluation.accuracy)),
          ("\(second.label) accuracy", .fraction(second.evaluation.accuracy)),
        ] + second.extras
      metrics.insertDifference("Δ accuracy (95%)", from: first.evaluation.predictions, at: 2)
      return .metrics(metrics)
    },
    "speed": { call throws(StepFailure) in
      guard case .list(let models) = try call.value("models") else {
        throw StepFailure("internal error: speed needs models", at: call.range)
      }
      return .table(
        try Predictions.speed(
          models, on: try call.split("on"), batch: try call.int("batch"), call: call))
    },
  ]

  /// The quantization configuration a `quantize` or `qat` call describes, and a short name.
  static func configuration(_ call: StepCall, model: Sequential) throws(StepFailure)
    -> (QuantizationConfig, String)
  {
    let bits = try call.int("bits")
    let method = try call.constant("method", as: Constant.Method.self)
    let scheme = try call.constant("scheme", as: Constant.Scheme.self)
    try call.checkBits(bits, parameter: "bits", method: method, scheme: scheme)
    let granularity: QuantizationGranularity
    let granularityName: String
    switch try call.constant("granularity", as: Constant.Granularity.self) {
    case .perTensor: (granularity, granularityName) = (.perTensor, "per tensor")
    case .perChannel: (granularity, granularityName) = (.perChannel, "per channel")
    case .perGroup:
      let size = try call.int("group_size")
      (granularity, granularityName) = (.perGroup(size: size), "per group of \(size)")
    }
    let roundingConstant = try call.constant("rounding", as: Constant.Rounding.self)
    let weights: WeightQuantization
    let name: String
    switch method {
    case .log2:
      (weights, name) = (.logarithmic(LogQuantizer(bits: bits)), "\(bits)-bit power-of-two")
    case .kmeans:
      (weights, name) = (.kMeans(KMeansQuantizer(bits: bits)), "\(bits)-bit k-means codebook")
    case .binary:
      (weights, name) = (.binary(BinaryQuantizer()), "binary (sign × mean |w| per channel)")
    case .ternary:
      let threshold = Float(try call.float("threshold"))
      weights = .ternary(TernaryQuantizer(thresholdFactor: threshold))
      name = "ternary (threshold \(threshold) × mean |w|)"
    case .linear:
      let rounding = roundingConstant.engine(seed: call.seed)
      weights = .linear(
        LinearQuantizer(bits: bits, scheme: scheme, granularity: granularity, rounding: rounding))
      let roundingName: String
      switch roundingConstant {
      case .nearest: roundingName = ""
      case .stochastic: roundingName = ", stochastic rounding"
      }
      name = "\(bits)-bit linear \(scheme.rawValue) \(granularityName)" + roundingName
    }
    var layerBits: [Int: Int] = [:]
    let perLayer = try call.intList("layer_bits")
    if !perLayer.isEmpty {
      let weightLayers = model.layers.indices.filter {
        switch model.layers[$0].kind {
        case .conv2d, .dense: return true
        default: return false
        }
      }
      guard perLayer.count == weightLayers.count else {
        throw StepFailure(
          "layer_bits has \(perLayer.count) entries but the model has \(weightLayers.count) "
            + "conv/dense layers",
          at: call.range(of: "layer_bits"),
          hint: "give one bit width per conv or dense layer, in order")
      }
      for b in perLayer {
        try call.checkBits(b, parameter: "layer_bits", method: method, scheme: scheme)
      }
      for (index, b) in zip(weightLayers, perLayer) { layerBits[index] = b }
    }
    var activations: ActivationQuantization?
    var fullName =
      perLayer.isEmpty
      ? name : name.replacingOccurrences(of: "\(bits)-bit", with: "mixed \(perLayer)")
    switch try call.constant("mode", as: Constant.Mode.self) {
    case .weights: break
    case .weightsAndActivations:
      let (calibrationConstant, calibration) = try call.calibration()
      let activationBits = try call.int("activation_bits")
      activations = ActivationQuantization(bits: activationBits, calibration: calibration)
      fullName += ", \(activationBits)-bit activations (\(calibrationConstant.rawValue))"
    }
    let inputBits = try call.int("input_bits")
    if inputBits > 0 && inputBits < 8 { fullName += ", \(inputBits)-bit input" }
    let config = QuantizationConfig(
      weights: weights, layerBits: layerBits, activations: activations,
      inputBits: inputBits > 0 && inputBits <= 8 ? inputBits : nil,
      foldBatchNorm: try call.bool("fold_batchnorm"),
      calibrationSamples: 1000)  // the registry documents "1000 training images"
    return (config, fullName)
  }

  /// `calibrate_on`, else the split the model was trained on, when activations are
  /// quantized; `missing` (at the call) when they are and there is neither.
  static func calibrationSplit(
    _ call: StepCall, source: ModelValue, activations: Bool, missing: String
  ) throws(StepFailure) -> NamedSplit? {
    if let given = try call.optionalSplit("calibrate_on") { return given }
    guard activations else { return nil }
    guard let trained = source.trainedOn else {
      throw StepFailure(missing, at: call.range, hint: "add calibrate_on: data.train")
    }
    return trained
  }
}
