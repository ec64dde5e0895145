/// A model: an ordered list of layers applied to inputs of a fixed per-sample shape.
///
/// A value type; training returns a new model. Parameters live in each `Layer`, so a quantized
/// copy is built by replacing weights (`setParameters`) on a copy.
public struct Sequential: Sendable {
  /// Per-sample input shape, e.g. `[28, 28, 1]`.
  public let inputShape: [Int]
  /// The layers in order; replace parameters through `setParameters` to keep shapes checked.
  public private(set) var layers: [Layer]
  /// How pixels become inputs (scale and optional discretisation).
  public var inputEncoding: InputEncoding
  /// Per-sample output shape of each layer.
  public let layerShapes: [[Int]]

  /// Builds a model and initialises its parameters from `seed` (biases zero, batch norm gamma
  /// one, running variance one; embeddings and recurrent layers with Keras's initialisers, see
  /// `RecurrentInitialization`). A model that starts with an embedding reads token indices:
  /// its input encoding is the identity (`scale` 1, no `bits`), whatever `inputEncoding` says.
  /// Throws when the layer shapes do not line up.
  public init(
    inputShape: [Int], layers kinds: [LayerKind], seed: UInt64,
    inputEncoding: InputEncoding = InputEncoding()
  ) throws {
    var rng = SeededRandom(seed: seed)
    let shapes = try Sequential.inferShapes(input: inputShape, kinds: kinds)
    var built: [Layer] = []
    for (i, kind) in kinds.enumerated() {
      var layer = Layer(kind: kind)
      let input = i == 0 ? inputShape : shapes[i - 1]
      if let (w, b) = Shapes.parameters(of: kind, input: input) {
        if case .batchNorm = kind {
          layer.weights = Tensor(shape: w, repeating: 1)
          layer.runningMean = Tensor(shape: w, repeating: 0)
          layer.runningVariance = Tensor(shape: w, repeating: 1)
        } else if let keras = RecurrentInitialization.parameters(of: kind, input: input, rng: &rng)
        {
          (layer.weights, layer.bias) = keras
        } else {
          layer.weights = Sequential.initialWeights(shape: w, rng: &rng)
        }
        if layer.bias == nil, let b { layer.bias = Tensor(shape: b, repeating: 0) }
      }
      built.append(layer)
    }
    self.inputShape = inputShape
    self.layers = built
    self.layerShapes = shapes
    self.inputEncoding = Sequential.readsTokens(kinds) ? InputEncoding(scale: 1) : inputEncoding
  }

  /// Whether a model with these layers reads token indices (its first layer is an embedding).
  public static func readsTokens(_ kinds: [LayerKind]) -> Bool {
    if case .embedding = kinds.first { return true } else { return false }
  }

  /// A model from layers that already hold parameters; throws when a parameter shape is wrong.
  public init(inputShape: [Int], layers: [Layer], inputEncoding: InputEncoding = InputEncoding())
    throws
  {
    let shapes = try Sequential.inferShapes(input: inputShape, kinds: layers.map(\.kind))
    self.inputShape = inputShape
    self.layerShapes = shapes
    self.inputEncoding = inputEncoding
    self.layers = layers
    for (i, layer) in layers.enumerated() {
      try checkParameters(layer, at: i)
    }
  }

  /// Per-sample shape of the model's output.
  public var outputShape: [Int] { layerShapes.last ?? inputShape }

  /// Trainable scalars in all layers.
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

  /// Per-sample input shape of layer `index`.
  public func inputShape(ofLayer index: Int) -> [Int] {
    index == 0 ? inputShape : layerShapes[index - 1]
  }

  /// Replaces the weights and bias of layer `index` (for quantized copies); shapes must match.
  public mutating func setParameters(layer index: Int, weights: Tensor?, bias: Tensor?) throws {
    try checkIndex(index)
    var layer = layers[index]
    layer.weights = weights
    layer.bias = bias
    try checkParameters(layer, at: index)
    layers[index] = layer
  }

  /// Sets or clears the fake-quantization hooks of layer `index`.
  public mutating func setTransforms(
    layer index: Int, weights: (any WeightFakeQuantizer)?, output: (any ActivationFakeQuantizer)?
  ) throws {
    try checkIndex(index)
    if weights != nil && layers[index].weights == nil {
      throw EngineError.invalidArgument(
        "layer \(index) (\(layers[index].kind.name)) has no weights")
    }
    layers[index].weightTransform = weights
    layers[index].outputTransform = output
  }

  /// Replaces the running statistics of batch-norm layer `index`.
  public mutating func setRunningStatistics(layer index: Int, mean: Tensor, variance: Tensor) throws
  {
    guard layers.indices.contains(index), case .batchNorm = layers[index].kind,
      mean.shape == layers[index].weights?.shape, variance.shape == mean.shape
    else {
      throw EngineError.invalidArgument("layer \(index) is not a batch norm of matching shape")
    }
    layers[index].runningMean = mean
    layers[index].runningVariance = variance
  }

  private func checkIndex(_ index: Int) throws {
    guard layers.indices.contains(index) else {
      throw EngineError.invalidArgument("no layer \(index); the model has \(layers.count) layers")
    }
  }

  private func checkParameters(_ layer: Layer, at i: Int) throws {
    let expected = Shapes.parameters(of: layer.kind, input: inputShape(ofLayer: i))
    let expectedBias = expected?.bias ?? nil
    guard layer.weights?.shape == expected?.weights, layer.bias?.shape == expectedBias,
      layer.weights?.isConsistent ?? true, layer.bias?.isConsistent ?? true
    else {
      throw EngineError.shapeMismatch(
        "layer \(i) (\(layer.kind.name)) needs weights \(expected?.weights ?? []) and bias "
          + "\(expectedBias ?? []), got \(layer.weights?.shape ?? []) and "
          + "\(layer.bias?.shape ?? [])"
      )
    }
    if case .batchNorm = layer.kind {
      guard layer.runningMean?.shape == expectedBias,
        layer.runningVariance?.shape == expectedBias
      else { throw EngineError.shapeMismatch("layer \(i) (batch_norm) needs running statistics") }
    }
  }

  static func inferShapes(input: [Int], kinds: [LayerKind]) throws -> [[Int]] {
    guard !input.isEmpty, input.allSatisfy({ $0 >= 1 }) else {
      throw EngineError.invalidArgument("input shape \(input) must have positive extents")
    }
    _ = try Shapes.checkedCount(input, "the input")
    var shapes: [[Int]] = []
    var current = input
    for (i, kind) in kinds.enumerated() {
      if case .recurrent = kind, !readsTokens(kinds) {
        throw EngineError.shapeMismatch(
          "layer \(i) (\(kind.name)) reads sequences of tokens: the model must start with an "
            + "embedding")
      }
      if let (w, _) = Shapes.parameters(of: kind, input: current) {
        _ = try Shapes.checkedCount(w, "layer \(i) (\(kind.name)) weights")
      }
      current = try Shapes.output(of: kind, input: current, index: i)
      _ = try Shapes.checkedCount(current, "layer \(i) (\(kind.name)) output")
      shapes.append(current)
    }
    return shapes
  }

  /// Glorot-uniform weights of `shape` (biases always start at zero): uniform in
  /// `±sqrt(6 / (fanIn + fanOut))` (Keras' default for Conv2D and Dense).
  static func initialWeights(shape: [Int], rng: inout SeededRandom) -> Tensor {
    // Conv [k, k, in, out]: receptive field k*k; dense [in, out]: 1.
    let receptive = shape.dropLast(2).reduce(1, *)
    let fanIn = receptive * shape[shape.count - 2]
    let fanOut = receptive * shape[shape.count - 1]
    var t = Tensor(shape: shape)
    let limit = (6 / Float(fanIn + fanOut)).squareRoot()
    for i in 0..<t.count { t.data[i] = rng.uniform(-limit, limit) }
    return t
  }
}

/// One row of a model summary.
public struct LayerSummary: Sendable, Equatable {
  public var name: String
  /// Per-sample output shape.
  public var outputShape: [Int]
  public var parameters: Int
  /// Bytes of the parameters as Float32.
  public var bytes: Int
}

extension Sequential {
  /// One row per layer: name, output shape, parameter count, parameter bytes (Float32).
  public func summary() -> [LayerSummary] {
    layers.enumerated().map { i, layer in
      LayerSummary(
        name: layer.kind.name, outputShape: layerShapes[i], parameters: layer.parameterCount,
        bytes: 4 * (layer.parameterCount + (layer.runningMean?.count ?? 0) * 2))
    }
  }
}
