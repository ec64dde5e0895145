import Kernels

/// A model's figures on a split. Accuracies are fractions in [0, 1].
public struct Evaluation: Sendable, Equatable {
  public var accuracy: Double
  /// Mean loss per sample.
  public var loss: Double
  /// Accuracy within each true class (NaN for a class with no samples).
  public var perClassAccuracy: [Double]
  /// `confusion[true][predicted]` counts.
  public var confusion: [[Int]]
  /// Predicted class of every sample, in split order.
  public var predictions: [Int]

  public init(
    accuracy: Double, loss: Double, perClassAccuracy: [Double], confusion: [[Int]],
    predictions: [Int]
  ) {
    self.accuracy = accuracy
    self.loss = loss
    self.perClassAccuracy = perClassAccuracy
    self.confusion = confusion
    self.predictions = predictions
  }

  /// Fraction of samples on which two prediction lists agree (0 when lengths differ or empty).
  public static func agreement(_ a: [Int], _ b: [Int]) -> Double {
    guard a.count == b.count, !a.isEmpty else { return 0 }
    return Double(zip(a, b).filter { $0 == $1 }.count) / Double(a.count)
  }
}

/// Evaluates `model` on `split` in inference mode (running batch-norm statistics, no dropout,
/// fake-quantization hooks applied), `batchSize` samples at a time, on the inference path
/// (`InferenceModel`; `options` pick the convolution algorithm).
public func evaluate(
  _ model: Sequential, on split: Split, loss: Loss = .crossEntropy, batchSize: Int = 256,
  threads: Int = 1, options: InferenceOptions = .current
) throws -> Evaluation {
  let classes = model.outputShape.reduce(1, *)
  var predictions = [Int](repeating: 0, count: split.count)
  let fused = loss == .crossEntropy && model.layers.last?.kind.activation == .softmax
  let labels = split.labels.map(Int32.init)
  var lossSum: Double = 0
  try forEachBatchOutput(
    model, on: split, batchSize: batchSize, threads: threads, options: options
  ) { lo, n, output in
    lossSum += labels.withUnsafeBufferPointer { lab in
      loss.evaluate(
        output, labels: lab.baseAddress! + lo, count: n, classes: classes,
        fusedSoftmax: fused, gradient: nil, gradientScale: 1)
    }
    for s in 0..<n { predictions[lo + s] = indexOfMaximum(output + s * classes, count: classes) }
  }
  // The labels fit the model (`checkCompatible`), so every sample enters the confusion matrix.
  return Evaluation(
    predictions: predictions, labels: split.labels, classes: classes,
    loss: split.count > 0 ? lossSum / Double(split.count) : 0)
}

/// The model's outputs on every sample of `split` in inference mode (as `evaluate` runs it):
/// `split.count x outputCount` floats, row-major, in split order.
public func outputs(
  of model: Sequential, on split: Split, batchSize: Int = 256, threads: Int = 1,
  options: InferenceOptions = .current
) throws -> [Float] {
  let width = model.outputShape.reduce(1, *)
  var result = [Float](repeating: 0, count: split.count * width)
  try result.withUnsafeMutableBufferPointer { all in
    try forEachBatchOutput(
      model, on: split, batchSize: batchSize, threads: threads, options: options
    ) { lo, n, output in
      (all.baseAddress! + lo * width).update(from: output, count: n * width)
    }
  }
  return result
}

/// Runs `model` in inference mode over `split`, `batchSize` samples at a time, and calls
/// `body(first, count, output)` for each batch, `output` holding its `count x outputCount`
/// results. Runs on the inference path (`InferenceModel`, compiled once here); a model it
/// cannot run (an unfoldable batch norm), and the `reference` kernel path, run through the
/// training network in inference mode instead.
/// - Throws: when the model does not fit the split, or the batch size or threads are below 1.
func forEachBatchOutput(
  _ model: Sequential, on split: Split, batchSize: Int, threads: Int,
  options: InferenceOptions = .current,
  _ body: (Int, Int, UnsafeMutablePointer<Float>) -> Void
) throws {
  try checkCompatible(model, split, role: "evaluation")
  guard batchSize >= 1, threads >= 1 else {
    throw EngineError.invalidArgument("batch size and threads must be >= 1")
  }
  guard split.count > 0 else { return }
  let batch = min(batchSize, split.count)
  try Network.checkCapacity(model, batch: batch)
  let table = model.inputEncoding.table
  if let inference = InferenceModel.forEngine(model, options: options, threads: threads) {
    let output = FloatBuffer(count: batch * inference.outputCount)
    let size = inference.inputCount
    split.images.withUnsafeBufferPointer { images in
      table.withUnsafeBufferPointer { table in
        for lo in stride(from: 0, to: split.count, by: batch) {
          let n = min(batch, split.count - lo)
          inference.run(
            pixels: images.baseAddress! + lo * size, table: table.baseAddress!, count: n,
            output: output.pointer)
          body(lo, n, output.pointer)
        }
      }
    }
    return
  }
  let network = Network(model: model, batchCapacity: batch, threads: threads, training: false)
  let order = [Int32](0..<Int32(split.count))
  for lo in stride(from: 0, to: split.count, by: batch) {
    let n = min(batch, split.count - lo)
    network.load(split, order: order, first: lo, count: n, table: table)
    network.forward(count: n, training: false)
    body(lo, n, network.output)
  }
}

extension Sequential {
  /// Runs the model in inference mode on float inputs `[n] + inputShape` and returns every
  /// layer's output (`[n] + layerShapes[i]`, after its output transform when one is set), in
  /// layer order: the hook for activation-range calibration. Holds every layer's
  /// output for all `n` samples at once (about 0.4 MB per sample for the seed CNN): call it on a
  /// few hundred samples at a time.
  public func layerOutputs(_ inputs: Tensor, threads: Int = 1) throws -> [Tensor] {
    let (network, n) = try forward(inputs, threads: threads)
    return layerShapes.indices.map { i in output(of: network, layer: i, count: n) }
  }

  /// The model's output for float inputs `[n] + inputShape`: `[n] + outputShape`, on the
  /// inference path (see `forEachBatchOutput`).
  public func predict(
    _ inputs: Tensor, threads: Int = 1, options: InferenceOptions = .current
  ) throws -> Tensor {
    try checkInputs(inputs)
    let n = inputs.shape[0]
    if n > 0, let inference = InferenceModel.forEngine(self, options: options, threads: threads) {
      var result = [Float](repeating: 0, count: n * inference.outputCount)
      inputs.data.withUnsafeBufferPointer { x in
        result.withUnsafeMutableBufferPointer { y in
          inference.run(inputs: x.baseAddress!, count: n, output: y.baseAddress!)
        }
      }
      return try Tensor(shape: [n] + outputShape, data: result)
    }
    let (network, _) = try forward(inputs, threads: threads)
    return layerShapes.isEmpty
      ? inputs : output(of: network, layer: layerShapes.count - 1, count: n)
  }

  /// A network that has run `inputs` (`[n] + inputShape`) forward in inference mode, and `n`.
  private func forward(_ inputs: Tensor, threads: Int) throws -> (Network, Int) {
    try checkInputs(inputs)
    let n = inputs.shape[0]
    try Network.checkCapacity(self, batch: max(n, 1))
    let network = Network(model: self, batchCapacity: max(n, 1), threads: threads, training: false)
    if n > 0 {
      inputs.data.withUnsafeBufferPointer {
        network.input.pointer.update(from: $0.baseAddress!, count: n * inputShape.reduce(1, *))
      }
      network.forward(count: n, training: false)
    }
    return (network, n)
  }

  /// Throws unless `inputs` has shape `[n] + inputShape`.
  private func checkInputs(_ inputs: Tensor) throws {
    guard inputs.shape.count == inputShape.count + 1, Array(inputs.shape.dropFirst()) == inputShape
    else {
      throw EngineError.shapeMismatch(
        "inputs must have shape [n] + \(inputShape), got \(inputs.shape)")
    }
  }

  /// Layer `i`'s output for the `n` samples `network` ran: `[n] + layerShapes[i]`.
  private func output(of network: Network, layer i: Int, count n: Int) -> Tensor {
    try! Tensor(
      shape: [n] + layerShapes[i],
      data: Array(
        UnsafeBufferPointer(start: network.visibleOutput(i), count: n * network.states[i].outCount))
    )
  }

  /// Float inputs for images `range` of `split` through this model's input encoding:
  /// `[count] + imageShape`.
  public func encodeInputs(_ split: Split, range: Range<Int>? = nil) -> Tensor {
    let r = range ?? 0..<split.count
    let part = split.slice(r)
    return try! Tensor(
      shape: [part.count] + part.imageShape, data: inputEncoding.encode(part.images))
  }
}
