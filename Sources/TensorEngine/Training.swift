import Kernels

/// Everything `train` needs besides the model and the data.
public struct TrainingOptions: Sendable, Equatable {
  public var epochs: Int
  public var batchSize: Int
  public var optimizer: Optimizer
  public var schedule: LearningRateSchedule
  public var loss: Loss
  /// Seeds the shuffling and dropout streams.
  public var seed: UInt64
  /// Worker threads; results are bit-identical for any value. Each batch is cut into a fixed
  /// number of shards (2; 1 for models with batch norm) that train concurrently, each with
  /// single-threaded kernels when `threads` is 2; their gradients are summed in shard order.
  public var threads: Int
  /// Shuffle the training split every epoch (seeded).
  public var shuffle: Bool

  public init(
    epochs: Int = 5, batchSize: Int = 32, optimizer: Optimizer = .adam(learningRate: 1e-3),
    schedule: LearningRateSchedule = .constant, loss: Loss = .crossEntropy, seed: UInt64 = 0,
    threads: Int = 1, shuffle: Bool = true
  ) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.optimizer = optimizer
    self.schedule = schedule
    self.loss = loss
    self.seed = seed
    self.threads = threads
    self.shuffle = shuffle
  }
}

/// Figures of one training epoch. Losses are means over samples; accuracies in [0, 1].
public struct EpochRecord: Sendable, Equatable {
  /// 1-based.
  public var epoch: Int
  public var learningRate: Float
  /// Mean loss and accuracy over the epoch's batches in training mode (batch statistics,
  /// dropout on), as Keras reports them; except in the last epoch of a `train` call, where
  /// they are the final model's in inference mode on the whole training split (after
  /// batch-norm re-estimation), equal to what `evaluate(model, on: split)` gives.
  public var trainLoss: Double
  public var trainAccuracy: Double
  /// On the validation split, after the epoch; nil without one.
  public var testLoss: Double?
  public var testAccuracy: Double?
  /// Wall time of the epoch's training batches by the caller's clock (0 without a clock).
  public var seconds: Double
  public var imagesPerSecond: Double

  public init(
    epoch: Int, learningRate: Float, trainLoss: Double, trainAccuracy: Double, testLoss: Double?,
    testAccuracy: Double?, seconds: Double, imagesPerSecond: Double
  ) {
    self.epoch = epoch
    self.learningRate = learningRate
    self.trainLoss = trainLoss
    self.trainAccuracy = trainAccuracy
    self.testLoss = testLoss
    self.testAccuracy = testAccuracy
    self.seconds = seconds
    self.imagesPerSecond = imagesPerSecond
  }
}

/// Per-epoch record of a training run.
public struct History: Sendable, Equatable {
  public var epochs: [EpochRecord] = []
  /// What one training sample is called in figures per second: `images`, or `words` for a
  /// word set (`EpochRecord.imagesPerSecond` counts samples of either kind).
  public var sampleNoun: String = "images"
  public init(epochs: [EpochRecord] = [], sampleNoun: String = "images") {
    self.epochs = epochs
    self.sampleNoun = sampleNoun
  }
}

/// Reported after every batch.
public struct TrainingProgress: Sendable, Equatable {
  /// 1-based epoch and batch.
  public var epoch: Int
  public var batch: Int
  public var batchesPerEpoch: Int
  /// Mean loss over the epoch's batches so far.
  public var runningLoss: Double
  /// Images per second so far in this epoch (0 without a clock).
  public var imagesPerSecond: Double
}

/// A trained model and how it got there.
public struct TrainingResult: Sendable {
  public var model: Sequential
  public var history: History
}

/// Trains a copy of `model` on `split` and returns it with its history.
///
/// Batch-norm layers normalise with batch statistics while training; at the end (and before
/// every validation) their running statistics are re-estimated exactly over `split` with the
/// current weights (`Network.reestimateBatchNormStatistics`), so that inference agrees with
/// training after any number of steps.
///
/// Deterministic: the same model, data and options give bit-identical weights, whatever
/// `options.threads`. The engine never reads the clock itself: pass `clock` (monotonic
/// seconds) to get timings. Throws `EngineError.nonFiniteLoss` (naming epoch and batch) when
/// the loss becomes NaN or infinite, and `invalidArgument` for bad options or labels.
public func train(
  _ model: Sequential, on split: Split, validation: Split? = nil, options: TrainingOptions,
  clock: (() -> Double)? = nil, progress: (TrainingProgress) -> Void = { _ in }
) throws -> TrainingResult {
  try checkCompatible(model, split, role: "training")
  if let validation { try checkCompatible(model, validation, role: "validation") }
  guard options.epochs >= 0, options.batchSize >= 1, options.threads >= 1 else {
    throw EngineError.invalidArgument(
      "epochs must be >= 0, batch size and threads >= 1 (got \(options.epochs), "
        + "\(options.batchSize), \(options.threads))")
  }
  try options.optimizer.validate()
  guard split.count > 0 else { throw EngineError.invalidArgument("the training split is empty") }

  let batch = min(options.batchSize, split.count)
  try Network.checkCapacity(model, batch: batch)
  let network = Network(
    model: model, batchCapacity: batch, threads: options.threads, training: true,
    seed: options.seed)
  let fullBatch: Bool
  if case .gradientDescent = options.optimizer { fullBatch = true } else { fullBatch = false }
  network.accumulateGradients = fullBatch
  let params = network.parameters
  let optimizer = OptimizerState(
    optimizer: options.optimizer, sizes: params.map(\.value.count), threads: options.threads)
  var shuffler = SeededRandom(seed: options.seed)
  var order = [Int32](0..<Int32(split.count))
  let table = model.inputEncoding.table
  let fused = options.loss == .crossEntropy && model.layers.last?.kind.activation == .softmax
  let classes = network.outputCount
  var history = History()
  let batches = (split.count + batch - 1) / batch
  let labels = split.labels.map(Int32.init)
  var batchLabels = [Int32](repeating: 0, count: batch)

  for epoch in 0..<options.epochs {
    let lr = options.schedule.rate(
      base: options.optimizer.learningRate, epoch: epoch, epochs: options.epochs)
    if options.shuffle { shuffler.shuffle(&order) }
    if fullBatch { network.zeroGradients() }
    let start = clock?() ?? 0
    var lossSum: Double = 0
    var correct = 0
    var seen = 0
    for b in 0..<batches {
      let lo = b * batch
      let n = min(batch, split.count - lo)
      network.load(split, order: order, first: lo, count: n, table: table)
      for s in 0..<n { batchLabels[s] = labels[Int(order[lo + s])] }
      network.forward(count: n, training: true)
      let scale = fullBatch ? 1 / Float(split.count) : 1 / Float(n)
      let batchLoss = batchLabels.withUnsafeBufferPointer { lab in
        options.loss.evaluate(
          network.output, labels: lab.baseAddress!, count: n, classes: classes,
          fusedSoftmax: fused, gradient: network.lossGradient.pointer, gradientScale: scale)
      }
      guard batchLoss.isFinite else {
        throw EngineError.nonFiniteLoss(epoch: epoch + 1, batch: b + 1, learningRate: lr)
      }
      correct += countCorrect(network.output, labels: batchLabels, count: n, classes: classes)
      lossSum += batchLoss
      seen += n
      network.backward(count: n, fusedSoftmax: fused)
      if !fullBatch { optimizer.step(params, learningRate: lr) }
      let elapsed = (clock?() ?? 0) - start
      progress(
        TrainingProgress(
          epoch: epoch + 1, batch: b + 1, batchesPerEpoch: batches,
          runningLoss: lossSum / Double(seen),
          imagesPerSecond: elapsed > 0 ? Double(seen) / elapsed : 0))
    }
    if fullBatch { optimizer.step(params, learningRate: lr) }
    let seconds = (clock?() ?? 0) - start
    var record = EpochRecord(
      epoch: epoch + 1, learningRate: lr, trainLoss: lossSum / Double(seen),
      trainAccuracy: Double(correct) / Double(seen), testLoss: nil, testAccuracy: nil,
      seconds: seconds, imagesPerSecond: seconds > 0 ? Double(seen) / seconds : 0)
    let last = epoch == options.epochs - 1
    if last || validation != nil {
      // Batch norms (if any) first, then the figures of the model as it is now. The last
      // epoch's training figures are the final model's, in inference mode, on the whole
      // training split: what `evaluate(model, on: split)` gives.
      network.reestimateBatchNormStatistics(on: split, table: table)
      let current = network.exportModel()
      if last {
        let e = try evaluate(current, on: split, loss: options.loss, threads: options.threads)
        record.trainLoss = e.loss
        record.trainAccuracy = e.accuracy
      }
      if let validation {
        let e = try evaluate(current, on: validation, loss: options.loss, threads: options.threads)
        record.testLoss = e.loss
        record.testAccuracy = e.accuracy
      }
    }
    history.epochs.append(record)
  }
  return TrainingResult(model: network.exportModel(), history: history)
}

/// Checks that `split` fits `model`: image shape equals the input shape and labels are below
/// the output size.
func checkCompatible(_ model: Sequential, _ split: Split, role: String) throws {
  guard split.imageShape == model.inputShape else {
    throw EngineError.shapeMismatch(
      "the \(role) images are \(split.imageShape) but the model takes \(model.inputShape)")
  }
  if case .embedding(let vocabulary, _) = model.layers.first?.kind,
    let largest = split.images.max(), Int(largest) >= vocabulary
  {
    throw EngineError.invalidArgument(
      "the \(role) tokens go up to \(largest) but the embedding has a vocabulary of "
        + "\(vocabulary); use embedding(..., vocabulary: \(Int(largest) + 1))")
  }
  let outputs = model.outputShape.reduce(1, *)
  guard split.classCount <= outputs else {
    throw EngineError.invalidArgument(
      "the \(role) labels go up to \(split.classCount - 1) but the model has \(outputs) outputs")
  }
}
