import Kernels
import Testing

@testable import TensorEngine

/// The inference path (`InferenceModel`) against the training network run in inference mode.
@Suite struct InferenceTests {
  /// Models covering every step: conv + pool fused (2 and 3), convs without pool (stride,
  /// `same` padding, sigmoid), standalone max/avg pool, dropout, standalone activations,
  /// dense layers with several depth blocks.
  static func models() throws -> [Sequential] {
    [
      try Sequential.seedCNN(seed: 5),
      try Sequential(
        inputShape: [17, 15, 3],
        layers: [
          .conv2d(filters: 9, kernel: 3, stride: 1, padding: .same, activation: .relu),
          .maxPool(size: 3, stride: 3),
          .conv2d(filters: 20, kernel: 3, stride: 2, padding: .same, activation: .sigmoid),
          .maxPool(size: 2, stride: 1),
          .flatten, .dropout(rate: 0.5), .dense(units: 300, activation: .tanh),
          .dense(units: 7, activation: .linear), .activation(.softmax),
        ], seed: 6),
      try Sequential(
        inputShape: [12, 12, 2],
        layers: [
          .conv2d(filters: 16, kernel: 3, stride: 1, padding: .valid, activation: .linear),
          .activation(.relu), .avgPool(size: 2, stride: 2),
          .conv2d(filters: 8, kernel: 5, stride: 1, padding: .same, activation: .relu),
          .flatten, .dense(units: 5, activation: .softmax),
        ], seed: 7),
    ]
  }

  static func inputs(_ model: Sequential, _ n: Int, seed: UInt64 = 1) -> [Float] {
    var rng = SeededRandom(seed: seed)
    return (0..<(n * model.inputShape.reduce(1, *))).map { _ in rng.uniform() }
  }

  /// The training network's inference-mode outputs.
  static func networkOutputs(_ model: Sequential, _ x: [Float], count n: Int) -> [Float] {
    let network = Network(model: model, batchCapacity: n, threads: 1, training: false)
    x.withUnsafeBufferPointer {
      network.input.pointer.update(from: $0.baseAddress!, count: x.count)
    }
    network.forward(count: n, training: false)
    return Array(UnsafeBufferPointer(start: network.output, count: n * network.outputCount))
  }

  static func planOutputs(
    _ model: Sequential, _ x: [Float], count n: Int, threads: Int,
    options: InferenceOptions = InferenceOptions()
  ) throws -> [Float] {
    let inference = try #require(InferenceModel(model, options: options, threads: threads))
    var y = [Float](repeating: .nan, count: n * inference.outputCount)
    x.withUnsafeBufferPointer { xs in
      y.withUnsafeMutableBufferPointer { ys in
        inference.run(inputs: xs.baseAddress!, count: n, output: ys.baseAddress!)
      }
    }
    return y
  }

  static func bitIdentical(_ x: [Float], _ y: [Float]) -> Bool {
    x.count == y.count && zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern }
  }

  /// Direct path: the same sums in the same order as the training network (`sgemm`'s depth
  /// blocks and FMA chains; pooling before bias + ReLU is exact), so bit-identical outputs.
  @Test(arguments: [1, 7, 40])
  func directPlanIsBitIdenticalToTheTrainingNetwork(count: Int) throws {
    try #require(KernelDispatch.current != .reference)
    for (i, model) in try Self.models().enumerated() {
      let x = Self.inputs(model, count, seed: UInt64(i))
      let expected = Self.networkOutputs(model, x, count: count)
      for threads in [1, 2, 3] {
        let got = try Self.planOutputs(model, x, count: count, threads: threads)
        #expect(Self.bitIdentical(got, expected), "model \(i), \(count) samples, \(threads) thr")
      }
    }
  }

  @Test func winogradIsBitIdenticalForAnyThreadCount() throws {
    let model = try Sequential.seedCNN(seed: 2)
    let x = Self.inputs(model, 37)
    let options = InferenceOptions(convolution: .winograd)
    let one = try Self.planOutputs(model, x, count: 37, threads: 1, options: options)
    #expect(
      try Self.bitIdentical(
        one, Self.planOutputs(model, x, count: 37, threads: 2, options: options)))
  }

  /// Fake-quantization hooks: weights quantized once per plan, activations after each layer
  /// (before a pool the conv's hook keeps the pool unfused).
  @Test func hooksGiveTheTrainingNetworksOutputs() throws {
    var model = try Sequential.seedCNN(seed: 8)
    for i in [0, 2, 5] {
      try model.setTransforms(layer: i, weights: GridQuantizer(), output: FourLevels())
    }
    try model.setTransforms(layer: 3, weights: nil, output: FourLevels())
    let x = Self.inputs(model, 9)
    let expected = Self.networkOutputs(model, x, count: 9)
    #expect(try Self.bitIdentical(Self.planOutputs(model, x, count: 9, threads: 2), expected))
  }

  /// A batch norm after a linear conv is folded into it: equal within rounding; one after an
  /// activation has no plan (the engine falls back to the training network).
  @Test func batchNormsFoldOrFallBack() throws {
    var model = try Sequential(
      inputShape: [10, 10, 2],
      layers: [
        .conv2d(filters: 6, kernel: 3, stride: 1, padding: .valid, activation: .linear),
        .batchNorm(momentum: 0.9, epsilon: 1e-3), .activation(.relu), .flatten,
        .dense(units: 4, activation: .linear),
      ], seed: 3)
    var rng = SeededRandom(seed: 4)
    let stats = (0..<4).map { _ in (0..<6).map { _ in rng.uniform() + 0.5 } }
    try model.setParameters(
      layer: 1, weights: Tensor(shape: [6], data: stats[0]),
      bias: Tensor(shape: [6], data: stats[1]))
    try model.setRunningStatistics(
      layer: 1, mean: Tensor(shape: [6], data: stats[2]),
      variance: Tensor(shape: [6], data: stats[3]))
    let x = Self.inputs(model, 5)
    let expected = Self.networkOutputs(model, x, count: 5)
    let got = try Self.planOutputs(model, x, count: 5, threads: 1)
    let scale = expected.map { abs($0) }.max() ?? 1
    for (a, b) in zip(got, expected) { #expect(abs(a - b) <= 1e-5 * max(scale, 1)) }
    let unfoldable = try Sequential(
      inputShape: [6],
      layers: [.dense(units: 4, activation: .relu), .batchNorm(momentum: 0.9, epsilon: 1e-3)],
      seed: 1)
    #expect(InferenceModel(unfoldable) == nil)
  }
}

/// Small batches on several threads share each step (`InferenceModel.runShared`): Winograd and
/// direct, with and without hooks, bit-identical to one thread.
@Suite struct SharedSmallBatchTests {
  @Test(arguments: [1, 2, 5, 7])
  func smallBatchesGiveTheSameBitsOnAnyThreadCount(count: Int) throws {
    var hooked = try Sequential.seedCNN(seed: 8)
    try hooked.setTransforms(layer: 5, weights: GridQuantizer(), output: FourLevels())
    let models = try InferenceTests.models() + [hooked]
    for (i, model) in models.enumerated() {
      let x = InferenceTests.inputs(model, count, seed: UInt64(20 + i))
      for convolution in InferenceOptions.Convolution.allCases {
        let options = InferenceOptions(
          convolution: convolution, winogradMinimumChannels: 1, shareSmallBatches: true)
        let one = try InferenceTests.planOutputs(
          model, x, count: count, threads: 1, options: options)
        for threads in [2, 3] {
          let many = try InferenceTests.planOutputs(
            model, x, count: count, threads: threads, options: options)
          #expect(InferenceTests.bitIdentical(one, many), "model \(i) \(convolution) \(threads)")
        }
      }
    }
  }

  /// One model runs many small batches in turn on the same team.
  @Test func oneModelRunsManySmallBatches() throws {
    let model = try Sequential.seedCNN(seed: 3)
    let options = InferenceOptions(convolution: .winograd, shareSmallBatches: true)
    let x = InferenceTests.inputs(model, 40, seed: 9)
    let expected = try InferenceTests.planOutputs(model, x, count: 40, threads: 1, options: options)
    let inference = try #require(InferenceModel(model, options: options, threads: 2))
    let width = inference.outputCount
    var got = [Float](repeating: .nan, count: expected.count)
    x.withUnsafeBufferPointer { xs in
      got.withUnsafeMutableBufferPointer { ys in
        for first in 0..<40 {
          inference.run(
            inputs: xs.baseAddress! + first * inference.inputCount, count: 1,
            output: ys.baseAddress! + first * width)
        }
      }
    }
    #expect(InferenceTests.bitIdentical(got, expected))
  }
}
