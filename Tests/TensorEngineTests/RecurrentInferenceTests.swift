import Kernels
import Testing

@testable import TensorEngine

/// The inference path of token models (embedding + recurrent layer as one step,
/// `recurrentInferenceForward`) against the training network run in inference mode.
@Suite struct RecurrentInferenceTests {
  /// Token models of each cell (hidden sizes not a multiple of 8), one with a dropout and a
  /// hidden dense layer after the recurrent layer.
  static func models() throws -> [Sequential] {
    try RecurrentCell.allCases.map { cell in
      try Sequential(
        inputShape: [9],
        layers: [
          .embedding(vocabulary: 13, width: 5), .recurrent(cell: cell, units: 11),
          .dense(units: 7, activation: .softmax),
        ], seed: 3)
    } + [
      try Sequential(
        inputShape: [16],
        layers: [
          .embedding(vocabulary: 63, width: 32), .recurrent(cell: .gru, units: 20),
          .dropout(rate: 0.3), .dense(units: 12, activation: .relu),
          .dense(units: 10, activation: .softmax),
        ], seed: 4)
    ]
  }

  /// `n` sequences of `model`'s length: lengths cycle through 0...steps, tokens include ones
  /// outside the vocabulary (which read row 1).
  static func tokens(_ model: Sequential, _ n: Int, seed: UInt64) -> [Float] {
    let steps = model.inputShape[0]
    var rng = SeededRandom(seed: seed)
    var x = [Float](repeating: 0, count: n * steps)
    for s in 0..<n {
      for t in 0..<(s % (steps + 1)) { x[s * steps + t] = Float(1 + rng.index(below: 70)) }
    }
    return x
  }

  /// Bit-identical outputs for any thread count (the same sums and gate operations).
  @Test(arguments: [1, 7, 40])
  func planIsBitIdenticalToTheTrainingNetwork(count: Int) throws {
    try #require(KernelDispatch.current != .reference)
    for (i, model) in try Self.models().enumerated() {
      let x = Self.tokens(model, count, seed: UInt64(i))
      let expected = InferenceTests.networkOutputs(model, x, count: count)
      for threads in [1, 2, 3] {
        let got = try InferenceTests.planOutputs(model, x, count: count, threads: threads)
        #expect(
          InferenceTests.bitIdentical(got, expected), "model \(i), \(count) samples, \(threads)")
      }
    }
  }

  /// Fake-quantization hooks on the recurrent layer (weights once per plan, the output after
  /// the step) give the training network's outputs; a hook on the embedding's output keeps
  /// the model on the training network (no plan).
  @Test func hooksGiveTheTrainingNetworksOutputsOrFallBack() throws {
    var model = try Self.models()[1]
    try model.setTransforms(layer: 1, weights: GridQuantizer(), output: FourLevels())
    let x = Self.tokens(model, 23, seed: 9)
    let expected = InferenceTests.networkOutputs(model, x, count: 23)
    #expect(
      try InferenceTests.bitIdentical(
        InferenceTests.planOutputs(model, x, count: 23, threads: 2), expected))
    try model.setTransforms(layer: 0, weights: nil, output: FourLevels())
    #expect(InferenceModel(model) == nil)
  }
}
