/// The steps of Quantbook. The runner binds each name to the engine; `quantbook steps` and
/// docs/STEPS.md are generated from this list.
extension StepRegistry {
  public static let standard = StepRegistry(
    dataSteps + modelSteps + fileSteps + layerSteps + optimizerSteps + trainingSteps
      + quantizationSteps
      + analysisSteps
      + recurrentAnalysisSteps
      + signalSteps
      + claimSteps)

  private typealias P = ParameterSignature

  /// `train:` and `test:`: how many images of each split an image data set step makes.
  private static func imageCounts(train: Int, test: Int, _ verb: String) -> [P] {
    [
      P(
        "train", .int, .value(.int(train)), range: .closed(1, 60000),
        doc: "training images to \(verb)"),
      P("test", .int, .value(.int(test)), range: .closed(1, 10000), doc: "test images to \(verb)"),
    ]
  }

  /// The parameters of a pooling layer's window.
  private static let window = [
    P("size", .int, range: .closed(1, 64), positional: true, doc: "window height and width"),
    P("stride", .int, .absent, range: .closed(1, 64), doc: "default: size"),
  ]

  /// The parameter of a recurrent layer (rnn, gru, lstm).
  private static let stateSize = [
    P("units", .int, range: .closed(1, 4096), positional: true, doc: "state size")
  ]

  private static let dataSteps: [StepSignature] = [
    StepSignature(
      "fashion_mnist", .data, imageCounts(train: 60000, test: 10000, "load"), returns: .dataset,
      doc: "Fashion-MNIST: 28x28x1 grey images of clothing, 10 classes."),
    StepSignature(
      "mnist", .data, imageCounts(train: 60000, test: 10000, "load"), returns: .dataset,
      doc: "MNIST handwritten digits: 28x28x1 grey images, 10 classes."),
    StepSignature(
      "synthetic", .data,
      imageCounts(train: 1000, test: 200, "make") + [
        P("seed", .int, .absent, range: .atLeast(0), doc: "default: the notebook seed")
      ], returns: .dataset,
      doc: "A seeded synthetic data set shaped like Fashion-MNIST (28x28x1, 10 classes)."),
    StepSignature(
      "subset", .data,
      [
        P("split", .split, positional: true, doc: "the split to take from"),
        P("count", .int, range: .atLeast(1), doc: "images to keep (the first ones)"),
      ], returns: .split, doc: "The first `count` images of a split."),
    StepSignature(
      "samples", .data,
      [
        P("split", .split, positional: true, doc: "the split to show"),
        P(
          "count", .int, .value(.int(16)), range: .closed(1, 100),
          doc: "images (or words) to show"),
      ], returns: .chart,
      doc: "A grid of sample images with their labels; for words, a table of the words and their "
        + "language."),
    StepSignature(
      "describe", .data,
      [
        P("data", .dataset, positional: true, doc: "the data set to describe")
      ], returns: .table, doc: "Images per class and mean pixel value of each split."),
    StepSignature(
      "words", .data,
      [
        P(
          "train", .int, .value(.int(80000)), range: .closed(10, 80000),
          doc: "training words, a tenth from each language (the first of its split)"),
        P(
          "test", .int, .value(.int(10000)), range: .closed(10, 10000),
          doc: "test words, a tenth from each language"),
      ], returns: .dataset,
      doc:
        "Words from Debian's word lists labelled with their language (10 classes), each word 16 "
        + "letter indices (0 = padding); needs the packages wamerican wngerman wfrench wspanish "
        + "witalian wportuguese wdutch wpolish wdanish wcatalan."
    ),
    StepSignature(
      "misclassified", .training,
      [
        P("model", .anyModel, positional: true),
        P("on", .split, doc: "the split to look at"),
        P("count", .int, .value(.int(20)), range: .closed(1, 1000), doc: "rows to show"),
      ], returns: .table,
      doc:
        "The first samples a float, quantized or integer model gets wrong: the word (or sample "
        + "index), its true and its predicted class."
    ),
  ]

  private static let modelSteps: [StepSignature] = [
    StepSignature(
      "sequential", .model,
      [
        P(
          "input", .shape, .absent, range: .closed(1, 4096),
          doc: "the shape of one input, e.g. 28x28x1 (give this or tokens)"),
        P(
          "tokens", .int, .absent, range: .closed(1, 4096),
          doc:
            "instead of input: sequences of this many token indices (words: 16), read by an "
            + "embedding first"
        ),
      ], returns: .model, takesLayers: true,
      doc: "A model: the layers of its block applied in order."),
    StepSignature(
      "summary", .model,
      [
        P("model", .anyModel, positional: true)
      ], returns: .table,
      doc: "A table of the layers with their output shapes and parameter counts."),
  ]

  private static let layerSteps: [StepSignature] = [
    StepSignature(
      "conv2d", .layer,
      [
        P("filters", .int, range: .closed(1, 4096), positional: true, doc: "output channels"),
        P("kernel", .int, range: .closed(1, 31), doc: "kernel height and width"),
        P("stride", .int, .value(.int(1)), range: .closed(1, 16)),
        P("padding", .enumeration(.padding), .value(.constant(Constant.Padding.valid))),
        P("activation", .enumeration(.activation), .value(.constant(Constant.Activation.none))),
      ], returns: .layer, doc: "2-D convolution over an HxWxC input."),
    StepSignature("maxpool", .layer, window, returns: .layer, doc: "Maximum over each window."),
    StepSignature("avgpool", .layer, window, returns: .layer, doc: "Mean over each window."),
    StepSignature(
      "flatten", .layer, [], returns: .layer, doc: "Reshape HxWxC to one vector of H*W*C."),
    StepSignature(
      "dense", .layer,
      [
        P("units", .int, range: .closed(1, 65536), positional: true, doc: "outputs"),
        P("activation", .enumeration(.activation), .value(.constant(Constant.Activation.none))),
      ], returns: .layer, doc: "Fully connected layer: y = activation(W x + b); needs a flat input."
    ),
    StepSignature(
      "dropout", .layer,
      [
        P(
          "rate", .float, range: .halfOpen(0, 1), positional: true,
          doc: "fraction of inputs zeroed in training")
      ], returns: .layer,
      doc: "Zero a random fraction of inputs while training (identity at inference)."),
    StepSignature(
      "batchnorm", .layer, [], returns: .layer,
      doc:
        "Normalise each channel with batch statistics; at inference with the training split's, "
        + "re-estimated when `train` ends; foldable into the layer before."
    ),
    StepSignature("relu", .layer, [], returns: .layer, doc: "max(0, x)."),
    StepSignature("sigmoid", .layer, [], returns: .layer, doc: "1 / (1 + e^-x)."),
    StepSignature("tanh", .layer, [], returns: .layer, doc: "Hyperbolic tangent."),
    StepSignature(
      "softmax", .layer, [], returns: .layer, doc: "Class probabilities; the last layer only."),
    StepSignature(
      "embedding", .layer,
      [
        P("width", .int, range: .closed(1, 4096), positional: true, doc: "values per token"),
        P(
          "vocabulary", .int, .value(.int(63)), range: .closed(2, 256),
          doc: "token indices 0..vocabulary-1 (words: 61 letters + padding + unknown)"),
      ], returns: .layer,
      doc:
        "Token embedding (Keras Embedding with mask_zero): a T-token sequence to T x width; the "
        + "first layer of a tokens model. Initial values uniform in +-0.05."
    ),
    StepSignature(
      "rnn", .layer, stateSize, returns: .layer,
      doc:
        "Simple recurrent layer (Keras SimpleRNN): h' = tanh(x W + h U + b) over the sequence up "
        + "to its first padding token; gives the last state."
    ),
    StepSignature(
      "gru", .layer, stateSize, returns: .layer,
      doc:
        "Gated recurrent unit (Keras GRU, reset_after): update, reset and candidate gates; reads "
        + "the sequence up to its first padding token, gives the last state."
    ),
    StepSignature(
      "lstm", .layer, stateSize, returns: .layer,
      doc:
        "Long short-term memory (Keras LSTM): input, forget (bias 1), cell and output gates; "
        + "reads the sequence up to its first padding token, gives the last state."
    ),
  ]

  private static let optimizerSteps: [StepSignature] = [
    StepSignature(
      "gd", .optimizer,
      [
        P("lr", .float, .value(.float(0.01)), range: .openClosed(0, 10), doc: "learning rate")
      ], returns: .optimizer, doc: "Plain gradient descent: w -= lr * g."),
    StepSignature(
      "sgd", .optimizer,
      [
        P("lr", .float, .value(.float(0.01)), range: .openClosed(0, 10), doc: "learning rate"),
        P("momentum", .float, .value(.float(0)), range: .halfOpen(0, 1)),
      ], returns: .optimizer, doc: "Stochastic gradient descent with momentum."),
    StepSignature(
      "adam", .optimizer,
      [
        P("lr", .float, .value(.float(0.001)), range: .openClosed(0, 10), doc: "learning rate"),
        P("beta1", .float, .value(.float(0.9)), range: .halfOpen(0, 1)),
        P("beta2", .float, .value(.float(0.999)), range: .halfOpen(0, 1)),
      ], returns: .optimizer, doc: "Adam (Kingma and Ba, 2015)."),
  ]
}
