import Testing

@testable import TensorEngine

/// Training splits each batch into a fixed number of shards (see `Network.trainingShards`).
@Suite struct ShardingTests {
  @Test func shardsDependOnlyOnTheBatchAndTheModel() throws {
    let plain = Network(model: try smallCNN(), batchCapacity: 32, threads: 1, training: true)
    #expect(plain.shardCount == 2)
    #expect(plain.shardRanges(32) == [0..<16, 16..<32])
    #expect(plain.shardRanges(5) == [0..<2, 2..<5])
    #expect(plain.shardRanges(1) == [0..<1])
    let wide = Network(model: try smallCNN(), batchCapacity: 32, threads: 4, training: true)
    #expect(wide.shardRanges(32) == plain.shardRanges(32))
    let normed = try Sequential(
      inputShape: [6],
      layers: [.dense(units: 4, activation: .linear), .batchNorm(momentum: 0.9, epsilon: 1e-3)],
      seed: 1)
    #expect(Network(model: normed, batchCapacity: 8, threads: 2, training: true).shardCount == 1)
    #expect(
      Network(model: try smallCNN(), batchCapacity: 8, threads: 2, training: false).shardCount == 1)
  }

  @Test func dropoutModelIsBitIdenticalWithOneOrTwoThreads() throws {
    let data = Dataset.synthetic(train: 96, test: 10, seed: 21)
    let model = try Sequential(
      inputShape: [28, 28, 1],
      layers: [
        .conv2d(filters: 4, kernel: 3, stride: 2, padding: .same, activation: .relu),
        .flatten, .dropout(rate: 0.3), .dense(units: 10, activation: .softmax),
      ], seed: 4)
    func run(_ threads: Int) throws -> [[Float]] {
      try train(
        model, on: data.train,
        options: TrainingOptions(epochs: 1, batchSize: 32, seed: 8, threads: threads)
      ).model.layers.compactMap { $0.weights?.data }
    }
    #expect(try run(1) == run(2))
  }

  @Test func accumulatedShardGradientsAddUpAcrossBatches() throws {
    // Full-batch descent adds each batch's gradient to the stored one; shard 0 accumulates in
    // place and the other shards are added afterwards, so two batches give the sum of each.
    let model = try smallCNN(seed: 6)
    var rng = SeededRandom(seed: 3)
    let inputs = (0..<2).map { _ in (0..<(5 * 784)).map { _ in rng.uniform() } }
    let gradients = (0..<2).map { _ in (0..<(5 * 10)).map { _ in rng.normal() } }
    func gradient(of batches: [Int], accumulate: Bool) -> [[Float]] {
      let net = Network(model: model, batchCapacity: 5, threads: 2, training: true)
      net.accumulateGradients = accumulate
      net.zeroGradients()
      for b in batches {
        net.input.copy(from: inputs[b])
        net.forward(count: 5, training: true)
        net.lossGradient.copy(from: gradients[b])
        net.backward(count: 5, fusedSoftmax: true)
      }
      return net.parameters.map { $0.gradient.array() }
    }
    let both = gradient(of: [0, 1], accumulate: true)
    let first = gradient(of: [0], accumulate: false)
    let second = gradient(of: [1], accumulate: false)
    for (p, total) in both.enumerated() {
      for i in total.indices {
        let expected = first[p][i] + second[p][i]
        #expect(abs(total[i] - expected) <= 1e-5 * max(1, abs(expected)), "parameter \(p)[\(i)]")
      }
    }
  }
}

/// An output transform that changes nothing; setting it turns off the ReLU folding into the
/// max pool above (the pool then sees a transformed output), giving the unfused reference.
private struct IdentityOutput: ActivationFakeQuantizer {
  func fakeQuantize(_ values: UnsafeMutableBufferPointer<Float>) {}
  var clipRange: ClosedRange<Float> { -Float.infinity...Float.infinity }
}

@Suite struct ReluPoolFoldingTests {
  @Test(arguments: [(9, 8, 2, 2), (10, 8, 2, 2), (9, 3, 2, 2), (8, 8, 3, 1)])
  func foldedReluGivesTheSameGradientsAsUnfolded(
    _ side: Int, _ filters: Int, _ size: Int, _ stride: Int
  ) throws {
    let model = try Sequential(
      inputShape: [side, side, 2],
      layers: [
        .conv2d(filters: filters, kernel: 3, stride: 1, padding: .valid, activation: .relu),
        .maxPool(size: size, stride: stride), .flatten,
        .dense(units: 5, activation: .softmax),
      ], seed: 7)
    var reference = model
    try reference.setTransforms(layer: 0, weights: nil, output: IdentityOutput())
    var rng = SeededRandom(seed: UInt64(side * 100 + filters))
    let x = (0..<(3 * side * side * 2)).map { _ in rng.normal() }
    let upstream = (0..<15).map { _ in rng.normal() }
    func gradients(_ m: Sequential) -> [[Float]] {
      let net = Network(
        model: m, batchCapacity: 3, threads: 1, training: true, needInputGradient: true)
      net.input.copy(from: x)
      net.forward(count: 3, training: true)
      net.lossGradient.copy(from: upstream)
      net.backward(count: 3, fusedSoftmax: true)
      return net.parameters.map { $0.gradient.array() } + [net.states[0].gradInput!.array()]
    }
    let folded = gradients(model)
    #expect(folded == gradients(reference))
    #expect(folded[0].contains { $0 != 0 })
  }
}
