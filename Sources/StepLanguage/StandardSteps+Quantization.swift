import QuantizationMethods

extension StepRegistry {
  private typealias P = ParameterSignature

  /// Options shared by `train` and `qat`.
  private static let trainingOptions: [ParameterSignature] = [
    P("on", .split, doc: "the training split"),
    P("epochs", .int, .value(.int(1)), range: .closed(1, 1000)),
    P("batch", .int, .value(.int(32)), range: .closed(1, 60000), doc: "images per gradient step"),
    P(
      "optimizer", .optimizer, .absent,
      doc: "gd(...), sgd(...) or adam(...); default: adam() (lr 0.001, beta1 0.9, beta2 0.999)"),
    P("loss", .enumeration(.loss), .value(.constant(Constant.Loss.crossEntropy))),
    P(
      "schedule", .enumeration(.schedule), .value(.constant(Constant.Schedule.constant)),
      doc: "learning-rate schedule"),
    P(
      "step_every", .int, .value(.int(1)), range: .closed(1, 1000),
      doc: "epochs between decays (schedule: step)"),
    P(
      "gamma", .float, .value(.float(0.5)), range: .openClosed(0, 1),
      doc: "decay factor (schedule: step)"),
    P("validation", .split, .absent, doc: "a split to measure after each epoch"),
    P("seed", .int, .absent, range: .atLeast(0), doc: "default: the notebook seed"),
  ]

  /// Options shared by `quantize` and `qat`.
  private static let quantizationOptions: [ParameterSignature] = [
    P(
      "bits", .int, range: .bits, doc: "weight bit width; each method allows fewer (see Bit widths)"
    ),
    P("method", .enumeration(.method), .value(.constant(Constant.Method.linear))),
    P("scheme", .enumeration(.scheme), .value(.constant(Constant.Scheme.symmetric))),
    P(
      "granularity", .enumeration(.granularity),
      .value(.constant(Constant.Granularity.perChannel))),
    P(
      "group_size", .int, .value(.int(32)), range: .closed(1, 4096),
      doc: "weights per group (granularity: per_group)"),
    P("rounding", .enumeration(.rounding), .value(.constant(Constant.Rounding.nearest))),
    P(
      "mode", .enumeration(.mode), .value(.constant(Constant.Mode.weights)),
      doc: "what is quantized"),
    P("activation_bits", .int, .value(.int(8)), range: .bits, doc: "mode: weights_and_activations"),
    P(
      "calibration", .enumeration(.calibration), .value(.constant(Constant.Calibration.minmax)),
      doc: "activation range estimate"),
    P(
      "calibrate_on", .split, .absent,
      doc: "images for calibration; default: 1000 training images"),
    P(
      "percentile", .float, .value(.float(99.99)), range: .openClosed(0, 100),
      doc: "calibration: percentile"),
    P(
      "input_bits", .int, .value(.int(0)), range: .closed(0, 8),
      doc: "input quantization; 0 = off"),
    P("fold_batchnorm", .bool, .value(.bool(true)), doc: "fold batchnorm into the layer before it"),
    P(
      "layer_bits", .list(.int), .value(.list([])), range: .bits,
      doc: "bits per conv/dense layer, in order (mixed precision); [] = uniform"),
    P(
      "threshold", .float, .value(.float(0.7)), range: .openClosed(0, 1),
      doc: "method: ternary, as a fraction of mean |w|"),
  ]

  static let trainingSteps: [StepSignature] = [
    StepSignature(
      "train", .training,
      [P("model", .model, positional: true)] + trainingOptions,
      returns: .model, doc: "Train a model; returns the trained model, which carries its history."),
    StepSignature(
      "evaluate", .training,
      [
        P("model", .anyModel, positional: true),
        P("on", .split, doc: "the split to measure"),
      ], returns: .metrics,
      doc:
        "Accuracy and loss of a float, quantized or integer model on a split (the loss is "
        + "the cross-entropy, whatever loss trained the model)."),
  ]

  static let quantizationSteps: [StepSignature] = [
    StepSignature(
      "quantize", .quantization,
      [P("model", .model, positional: true)] + quantizationOptions
        + [
          P(
            "seed", .int, .absent, range: .atLeast(0),
            doc: "rounding: stochastic; default: the notebook seed")
        ],
      returns: .quantizedModel, doc: "Post-training quantization of a trained model."),
    StepSignature(
      "qat", .quantization,
      [P("model", .model, positional: true)] + quantizationOptions + trainingOptions,
      returns: .quantizedModel,
      doc: "Quantization-aware training: fine-tune with fake-quantized weights."),
    StepSignature(
      "convert", .quantization,
      [
        P("quantized", .quantizedModel, positional: true)
      ], returns: .integerModel,
      doc: "An integer-only model (int8 kernels, int32 accumulators) from a quantized one."),
  ]

  static let analysisSteps: [StepSignature] = [
    StepSignature(
      "errors", .analysis,
      [
        P("quantized", .quantizedModel, positional: true)
      ], returns: .table,
      doc: "Per-layer quantization error: MSE, SQNR, max error, with histograms."),
    StepSignature(
      "sensitivity", .analysis,
      [
        P("model", .model, positional: true),
        P(
          "bits", .int, range: MethodBits.range(method: .linear, scheme: .symmetric),
          doc: "bit width applied to one layer at a time (symmetric linear)"),
        P("on", .split, doc: "the split to measure"),
      ], returns: .table, doc: "Accuracy when each layer alone is quantized."),
    StepSignature(
      "compare", .analysis,
      [
        P("a", .anyModel, positional: true),
        P("b", .anyModel, positional: true),
        P("on", .split, doc: "the split to compare on"),
      ], returns: .metrics, doc: "How often two models agree on the predicted class (agreement)."),
    StepSignature(
      "speed", .analysis,
      [
        P("models", .anyModel, positional: true, variadic: true, doc: "the models to time"),
        P("on", .split, doc: "the images to run"),
        P("batch", .int, .value(.int(64)), range: .closed(1, 4096)),
      ], returns: .table, doc: "Inference images per second of each model, measured side by side."),
  ]

  static let signalSteps: [StepSignature] = [
    StepSignature(
      "signal", .signal,
      [
        P("waveform", .enumeration(.waveform), .value(.constant(Constant.Waveform.sine))),
        P(
          "frequency", .float, .value(.float(1)), range: .openClosed(0, 64),
          doc: "periods in the window"),
        P("samples", .int, .value(.int(256)), range: .closed(8, 65536)),
      ], returns: .signal, doc: "A 1-D signal on [0, 1) with amplitude 1, drawn as a chart."),
    StepSignature(
      "quantize_signal", .signal,
      [
        P("signal", .signal, positional: true),
        P("bits", .int, range: .bits, doc: "each method allows fewer (see Bit widths)"),
        P(
          "method", .enumeration(.method), .value(.constant(Constant.Method.linear)),
          doc: "linear is asymmetric per signal"),
        P("rounding", .enumeration(.rounding), .value(.constant(Constant.Rounding.nearest))),
        P(
          "seed", .int, .absent, range: .atLeast(0),
          doc: "rounding: stochastic; default: the notebook seed"),
      ], returns: .signal,
      doc: "The signal quantized to at most 2^bits levels, drawn over the original with its "
        + "error."),
  ]
}
