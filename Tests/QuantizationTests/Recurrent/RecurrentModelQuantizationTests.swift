import Kernels
import TensorEngine
import Testing

@testable import Quantization

/// `quantizeRecurrent`, the QAT hooks and the sensitivity sweep on whole word models
/// (`Sequential`: embedding → cell → dense), the code behind the notebook steps.
@Suite struct RecurrentModelQuantizationTests {
  static func model(_ cell: RecurrentCell, seed: UInt64 = 3) throws -> Sequential {
    try Sequential(
      inputShape: [16],
      layers: [
        .embedding(vocabulary: 20, width: 8), .recurrent(cell: cell, units: 12),
        .dense(units: 5, activation: .softmax),
      ], seed: seed)
  }

  /// A token split of `count` synthetic words with labels 0..<5 (from their first token).
  static func split(count: Int, seed: UInt64) throws -> Split {
    let words = SyntheticRecurrent.words(count: count, seed: seed)
    let labels = (0..<count).map { UInt8(Int(words.tokens[$0 * 16]) % 5) }
    return try Split(
      images: words.tokens.map { UInt8($0) }, labels: labels, imageShape: [16])
  }

  static func weights(_ model: Sequential, _ layer: Int) -> [Float] {
    model.layers[layer].weights!.data
  }

  @Test(arguments: RecurrentCell.allCases, [8, 4])
  func everyLayerIsQuantized(cell: RecurrentCell, bits: Int) throws {
    let model = try Self.model(cell)
    let q = try quantizeRecurrent(model, bits: bits).quantized
    let name = model.layers[1].kind.name
    #expect(
      q.layers.map(\.name) == ["embedding", "\(name) W (input)", "\(name) U (recurrent)", "dense"])
    #expect(q.layers.map(\.layerIndex) == [0, 1, 1, 2])
    let float = try RecurrentClassifierWeights(model)
    let cellWeights = try QuantizedRecurrentWeights(float.recurrent, bits: bits)
    #expect(Self.weights(q.model, 1) == cellWeights.kernel.values + cellWeights.recurrent.values)
    #expect(Self.weights(q.model, 1) != Self.weights(model, 1))
    #expect(Self.weights(q.model, 0) != Self.weights(model, 0))
    #expect(Self.weights(q.model, 2) != Self.weights(model, 2))
    // At most 2^bits - 1 values per column of the dense head; 256 in the embedding.
    #expect(Set(Self.weights(q.model, 0)).count <= 256)
    for c in 0..<5 {
      let column = stride(from: c, to: 12 * 5, by: 5).map { Self.weights(q.model, 2)[$0] }
      #expect(Set(column).count <= (1 << bits) - 1)
    }
    #expect(q.compressionRatio > (bits == 8 ? 2 : 3))
    #expect(q.config.activations == nil)
  }

  @Test func activationsCalibrateTheClassifierOnTheSameWeights() throws {
    let model = try Self.model(.gru)
    let data = try Self.split(count: 60, seed: 5)
    let result = try quantizeRecurrent(
      model, bits: 4, activations: .minMax, calibration: data, samples: 40)
    let classifier = try #require(result.classifier)
    #expect(classifier.layer.weights.kernel.values == result.quantized.layers[1].weights.values)
    #expect(classifier.dense.values == Self.weights(result.quantized.model, 2))
    #expect(result.quantized.config.activations?.bits == 8)
    #expect(throws: QuantizationError.self) {
      try quantizeRecurrent(model, bits: 8, activations: .minMax, calibration: nil)
    }
    #expect(throws: QuantizationError.self) { try quantizeRecurrent(model, bits: 6) }
  }

  /// QAT's forward pass is exactly the post-training fake-quant model: the embedding, W, U
  /// and the head all pass their quantizers (not the head alone).
  @Test(arguments: RecurrentCell.allCases)
  func qatHooksFakeQuantizeEveryLayer(cell: RecurrentCell) throws {
    let model = try Self.model(cell)
    let data = try Self.split(count: 40, seed: 6)
    let input = try Tensor(shape: [40, 16], data: data.images.map(Float.init))
    let hooked = try recurrentQuantizationHooks(model, bits: 4)
    let ptq = try quantizeRecurrent(model, bits: 4).quantized.model
    #expect(try hooked.predict(input).data == ptq.predict(input).data)
    #expect(try hooked.predict(input).data != model.predict(input).data)
    for layer in 0..<3 { #expect(hooked.layers[layer].weightTransform != nil) }
    // Only the embedding quantized: still not the float model.
    var embeddingOnly = model
    try embeddingOnly.setTransforms(
      layer: 0, weights: WeightQuantizationHook(.recurrentEmbedding), output: nil)
    #expect(try embeddingOnly.predict(input).data != model.predict(input).data)
  }

  /// Straight-through training moves the float weights of all three layers.
  @Test func qatTrainsEveryLayer() throws {
    let model = try Self.model(.gru)
    let data = try Self.split(count: 64, seed: 7)
    let result = try trainRecurrentQuantizationAware(
      model, bits: 4, activations: .minMax, on: data,
      options: TrainingOptions(
        epochs: 1, batchSize: 16, optimizer: .adam(learningRate: 1e-2), seed: 1, threads: 1))
    for layer in 0..<3 {
      #expect(Self.weights(result.float, layer) != Self.weights(model, layer), "layer \(layer)")
      #expect(result.float.layers[layer].weightTransform == nil)
    }
    #expect(result.history.epochs.count == 1)
    let expected = try quantizeRecurrent(
      result.float, bits: 4, activations: .minMax, calibration: data)
    #expect(
      Self.weights(result.quantized.quantized.model, 1) == Self.weights(expected.quantized.model, 1)
    )
    #expect(result.quantized.classifier != nil)
  }

  @Test func sensitivityCoversEmbeddingRecurrentAndDense() throws {
    let model = try Self.model(.lstm)
    let data = try Self.split(count: 50, seed: 8)
    let results = try recurrentSensitivitySweep(model, on: data, bits: 2)
    #expect(results.map(\.layerIndex) == [0, 1, 2])
    #expect(results.map(\.name) == model.layers.map(\.kind.name))
    for r in results {
      #expect(r.sqnrDecibels.isFinite && r.sqnrDecibels > 0)
      #expect((0...1).contains(r.agreement))
    }
  }

  @Test func threadedSimulationEqualsOneCall() throws {
    let model = try Self.model(.gru)
    let data = try Self.split(count: 150, seed: 9)
    let q = try #require(
      try quantizeRecurrent(model, bits: 8, activations: .minMax, calibration: data).classifier)
    let words = recurrentBatch(data)
    let one = try q.simulatedLogits(tokens: words.tokens, lengths: words.lengths, steps: 16)
    let three = try q.simulatedLogits(
      tokens: words.tokens, lengths: words.lengths, steps: 16, threads: 3)
    #expect(one == three)
    #expect(recurrentBatch(data, limit: 10).lengths == Array(words.lengths.prefix(10)))
  }

  @Test func imageModelsAreNotRecurrent() throws {
    let model = try Sequential(
      inputShape: [4], layers: [.dense(units: 3, activation: .relu)], seed: 1)
    #expect(!model.hasRecurrentLayers)
    #expect(try RecurrentModelLayers(model) == nil)
    #expect(throws: QuantizationError.self) { try quantizeRecurrent(model, bits: 8) }
  }
}
