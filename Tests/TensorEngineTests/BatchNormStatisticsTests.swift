import Kernels
import Testing

@testable import TensorEngine

/// Batch norm after short and long training: inference (running statistics) must agree with
/// what the network does with batch statistics, and the running statistics must be the exact
/// population statistics of the layer's input over the training split.
@Suite struct BatchNormStatisticsTests {
  /// conv -> batch norm -> relu -> pool -> dense: a CNN with batch norm, trained with Keras'
  /// momentum 0.99, whose moving average lags badly after a few dozen steps.
  static func model() throws -> Sequential {
    try Sequential(
      inputShape: [28, 28, 1],
      layers: [
        .conv2d(filters: 6, kernel: 3, stride: 2, padding: .same, activation: .linear),
        .batchNorm(momentum: 0.99, epsilon: 1e-3), .activation(.relu),
        .maxPool(size: 2, stride: 2), .flatten,
        .dense(units: 16, activation: .linear), .batchNorm(momentum: 0.99, epsilon: 1e-3),
        .activation(.relu),
        .dense(units: 10, activation: .softmax),
      ], seed: 5)
  }

  /// Accuracy of `model` on `split` with batch statistics (training-mode batch norm, as the
  /// training loop sees it), in batches of `batch` in split order.
  static func batchStatisticsAccuracy(_ model: Sequential, on split: Split, batch: Int) -> Double {
    let network = Network(model: model, batchCapacity: batch, threads: 1, training: true)
    let order = [Int32](0..<Int32(split.count))
    let labels = split.labels.map(Int32.init)
    var correct = 0
    for first in stride(from: 0, to: split.count, by: batch) {
      let n = min(batch, split.count - first)
      network.load(split, order: order, first: first, count: n, table: model.inputEncoding.table)
      network.forward(count: n, training: true)
      correct += countCorrect(
        network.output, labels: Array(labels[first..<first + n]), count: n, classes: 10)
    }
    return Double(correct) / Double(split.count)
  }

  @Test(arguments: [1, 20])
  func inferenceAgreesWithTrainingAfter(epochs: Int) throws {
    let data = Dataset.synthetic(train: 600, test: 100, seed: 12)
    let result = try train(
      try Self.model(), on: data.train,
      options: TrainingOptions(
        epochs: epochs, batchSize: 32, optimizer: .adam(learningRate: 3e-3), seed: 4))
    let inference = try evaluate(result.model, on: data.train)
    let last = try #require(result.history.epochs.last)
    // The last epoch's training accuracy is the inference-mode one on the whole split.
    #expect(
      abs(inference.accuracy - last.trainAccuracy) <= 0.02,
      "\(inference.accuracy) vs \(last.trainAccuracy)")
    #expect(abs(inference.loss - last.trainLoss) <= 1e-6 * max(1, abs(last.trainLoss)))
    // The real check: the same weights with batch statistics (what training optimised).
    let withBatchStatistics = Self.batchStatisticsAccuracy(result.model, on: data.train, batch: 32)
    #expect(
      abs(inference.accuracy - withBatchStatistics) <= 0.02,
      """
      inference \(inference.accuracy) vs batch statistics \(withBatchStatistics) \
      after \(epochs) epochs
      """
    )
    #expect(withBatchStatistics > 0.3, "the model did not learn: \(withBatchStatistics)")
  }

  @Test func runningStatisticsArePopulationStatistics() throws {
    let data = Dataset.synthetic(train: 300, test: 50, seed: 13)
    let result = try train(
      try Self.model(), on: data.train, options: TrainingOptions(epochs: 1, batchSize: 32, seed: 2))
    let model = result.model
    let inputs = model.encodeInputs(data.train)
    let outputs = try model.layerOutputs(inputs)
    for k in [1, 6] {
      // The input of batch-norm layer k is layer k-1's output, earlier batch norms at inference.
      let x = outputs[k - 1]
      let channels = x.shape.last!
      let rows = x.count / channels
      var mean = [Double](repeating: 0, count: channels)
      var variance = [Double](repeating: 0, count: channels)
      for r in 0..<rows { for c in 0..<channels { mean[c] += Double(x.data[r * channels + c]) } }
      for c in 0..<channels { mean[c] /= Double(rows) }
      for r in 0..<rows {
        for c in 0..<channels {
          let d = Double(x.data[r * channels + c]) - mean[c]
          variance[c] += d * d
        }
      }
      let runningMean = try #require(model.layers[k].runningMean)
      let runningVariance = try #require(model.layers[k].runningVariance)
      for c in 0..<channels {
        variance[c] /= Double(rows)
        let scale = max(1, variance[c].squareRoot())
        #expect(
          abs(Double(runningMean.data[c]) - mean[c]) <= 1e-4 * scale, "layer \(k) channel \(c) mean"
        )
        #expect(
          abs(Double(runningVariance.data[c]) - variance[c]) <= 1e-4 * max(1, variance[c]),
          "layer \(k) channel \(c) variance")
      }
    }
  }

  @Test func trainingWithoutEpochsKeepsTheStatistics() throws {
    let data = Dataset.synthetic(train: 40, test: 10, seed: 1)
    let model = try Self.model()
    let result = try train(model, on: data.train, options: TrainingOptions(epochs: 0))
    #expect(result.model.layers[1].runningMean == model.layers[1].runningMean)
    #expect(result.history.epochs.isEmpty)
  }
}
