import Testing

@testable import TensorEngine

/// A small CNN for the 28x28x1 synthetic set (fast enough for unit tests).
func smallCNN(seed: UInt64 = 3) throws -> Sequential {
  try Sequential(
    inputShape: [28, 28, 1],
    layers: [
      .conv2d(filters: 4, kernel: 3, stride: 2, padding: .same, activation: .relu),
      .maxPool(size: 2, stride: 2),
      .flatten,
      .dense(units: 16, activation: .relu),
      .dense(units: 10, activation: .softmax),
    ], seed: seed)
}

@Suite struct TrainingTests {
  @Test func smallModelLearnsTheSyntheticSet() throws {
    let data = Dataset.synthetic(train: 1000, test: 300, seed: 4)
    let result = try train(
      try smallCNN(), on: data.train, validation: data.test,
      options: TrainingOptions(
        epochs: 3, batchSize: 16, optimizer: .adam(learningRate: 3e-3), seed: 1))
    let last = try #require(result.history.epochs.last)
    #expect(result.history.epochs.count == 3)
    #expect(last.trainLoss < result.history.epochs[0].trainLoss)
    #expect(try #require(last.testAccuracy) > 0.6)  // chance is 0.1
    let e = try evaluate(result.model, on: data.test)
    #expect(e.accuracy == last.testAccuracy)
    #expect(e.confusion.joined().reduce(0, +) == 300)
    #expect(e.predictions.count == 300)
  }

  @Test(arguments: [
    Optimizer.sgd(learningRate: 0.05), .momentum(learningRate: 0.02),
    .gradientDescent(learningRate: 0.5),
  ])
  func otherOptimizersReduceTheLoss(_ optimizer: Optimizer) throws {
    let data = Dataset.synthetic(train: 400, test: 10, seed: 5)
    let r = try train(
      try smallCNN(), on: data.train,
      options: TrainingOptions(epochs: 3, batchSize: 20, optimizer: optimizer, seed: 2))
    let losses = r.history.epochs.map(\.trainLoss)
    #expect(losses[2] < losses[0], "\(optimizer): \(losses)")
  }

  @Test func sameSeedGivesBitIdenticalWeightsWithOneOrTwoThreads() throws {
    let data = Dataset.synthetic(train: 200, test: 10, seed: 6)
    func run(threads: Int) throws -> [[Float]] {
      let r = try train(
        try smallCNN(seed: 9), on: data.train,
        options: TrainingOptions(epochs: 1, batchSize: 32, seed: 11, threads: threads))
      return r.model.layers.compactMap { $0.weights?.data }
    }
    let a = try run(threads: 1)
    let b = try run(threads: 1)
    let c = try run(threads: 2)
    #expect(a == b)
    #expect(a == c)
    let initial = try smallCNN(seed: 9).layers.compactMap { $0.weights?.data }
    #expect(a != initial)
  }

  @Test func seedCNNIsBitIdenticalWithOneOrTwoThreads() throws {
    // Big enough that the GEMMs and the elementwise loops really split across threads.
    let data = Dataset.synthetic(train: 96, test: 64, seed: 12)
    func run(threads: Int) throws -> (weights: [[Float]], predictions: [Int]) {
      let r = try train(
        try Sequential.seedCNN(seed: 5), on: data.train,
        options: TrainingOptions(epochs: 1, batchSize: 32, seed: 3, threads: threads))
      let e = try evaluate(r.model, on: data.test, batchSize: 64, threads: threads)
      return (r.model.layers.compactMap { $0.weights?.data }, e.predictions)
    }
    let one = try run(threads: 1)
    let two = try run(threads: 2)
    #expect(one.weights == two.weights)
    #expect(one.predictions == two.predictions)
  }

  @Test func tiledInferenceMatchesSampleBySample() throws {
    let data = Dataset.synthetic(train: 10, test: 70, seed: 13)
    let model = try Sequential.seedCNN(seed: 2)
    let all = try model.predict(model.encodeInputs(data.test), threads: 2)
    for i in [0, 31, 32, 33, 69] {
      let one = try model.predict(model.encodeInputs(data.test, range: i..<(i + 1)))
      #expect(one.data == Array(all.data[(i * 10)..<(i * 10 + 10)]), "sample \(i)")
    }
  }

  /// `outputs` runs the split in batches through one network: the same values as `predict`
  /// on all samples at once, whatever the batch size, and `evaluate`'s predictions are their
  /// arg-max.
  @Test func batchedOutputsMatchPredictAndEvaluate() throws {
    let data = Dataset.synthetic(train: 10, test: 70, seed: 14)
    let model = try Sequential.seedCNN(seed: 3)
    let all = try model.predict(model.encodeInputs(data.test), threads: 2)
    for batch in [1, 32, 70, 256] {
      #expect(try outputs(of: model, on: data.test, batchSize: batch, threads: 2) == all.data)
    }
    let evaluation = try evaluate(model, on: data.test, batchSize: 32, threads: 2)
    let argmaxes = (0..<70).map { s in
      (0..<10).reduce(0) { all.data[s * 10 + $1] > all.data[s * 10 + $0] ? $1 : $0 }
    }
    #expect(evaluation.predictions == argmaxes)
    #expect(throws: EngineError.self) { try outputs(of: model, on: data.test, batchSize: 0) }
  }

  @Test func nonFiniteLossStopsTrainingWithEpochAndBatch() throws {
    let data = Dataset.synthetic(train: 64, test: 10, seed: 7)
    let model = try Sequential(
      inputShape: [28, 28, 1], layers: [.flatten, .dense(units: 10, activation: .linear)], seed: 1)
    #expect(throws: EngineError.self) {
      _ = try train(
        model, on: data.train,
        options: TrainingOptions(
          epochs: 2, batchSize: 16, optimizer: .sgd(learningRate: 1e30), loss: .meanSquaredError))
    }
    do {
      _ = try train(
        model, on: data.train,
        options: TrainingOptions(
          epochs: 2, batchSize: 16, optimizer: .sgd(learningRate: 1e30), loss: .meanSquaredError))
    } catch let error as EngineError {
      guard case .nonFiniteLoss(let epoch, let batch, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(epoch == 1 && batch >= 2)
      #expect(error.description.contains("lower learning rate"))
    }
  }

  @Test func progressIsReportedForEveryBatch() throws {
    let data = Dataset.synthetic(train: 50, test: 10, seed: 8)
    var seen: [TrainingProgress] = []
    var tick = 0.0
    let r = try train(
      try smallCNN(), on: data.train, options: TrainingOptions(epochs: 2, batchSize: 16),
      clock: {
        tick += 0.5
        return tick
      }, progress: { seen.append($0) })
    #expect(seen.count == 8)
    #expect(seen.last?.batch == 4 && seen.last?.batchesPerEpoch == 4 && seen.last?.epoch == 2)
    #expect(r.history.epochs[0].seconds > 0 && r.history.epochs[0].imagesPerSecond > 0)
  }

  @Test func mismatchedDataIsAClearError() throws {
    let split = try Split(
      images: [UInt8](repeating: 0, count: 2 * 16), labels: [0, 1], imageShape: [4, 4, 1])
    #expect(throws: EngineError.self) {
      _ = try train(try smallCNN(), on: split, options: TrainingOptions())
    }
  }
}
