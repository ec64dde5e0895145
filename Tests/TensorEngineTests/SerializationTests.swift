import Testing

@testable import TensorEngine

@Suite struct SerializationTests {
  func sampleModel() throws -> Sequential {
    var m = try Sequential(
      inputShape: [8, 8, 2],
      layers: [
        .conv2d(filters: 3, kernel: 3, stride: 2, padding: .same, activation: .relu),
        .batchNorm(momentum: 0.9, epsilon: 1e-3), .avgPool(size: 2, stride: 2),
        .maxPool(size: 1, stride: 1),
        .flatten, .dropout(rate: 0.3), .dense(units: 4, activation: .tanh), .activation(.softmax),
      ], seed: 42, inputEncoding: InputEncoding(scale: 0.5, bits: 3))
    try m.setRunningStatistics(
      layer: 1, mean: Tensor(shape: [3], data: [0.1, -0.2, 0.3]),
      variance: Tensor(shape: [3], data: [1.5, 2, 0.25]))
    return m
  }

  @Test func roundTripIsBitExact() throws {
    let m = try sampleModel()
    let bytes = m.serialized()
    let back = try Sequential(serialized: bytes)
    #expect(back.inputShape == m.inputShape)
    #expect(back.inputEncoding == m.inputEncoding)
    #expect(back.layers.map(\.kind) == m.layers.map(\.kind))
    for (a, b) in zip(m.layers, back.layers) {
      #expect(a.weights?.data.map(\.bitPattern) == b.weights?.data.map(\.bitPattern))
      #expect(
        a.bias == b.bias && a.runningMean == b.runningMean && a.runningVariance == b.runningVariance
      )
    }
    #expect(back.serialized() == bytes)
  }

  func message(_ bytes: [UInt8]) -> String {
    do {
      _ = try Sequential(serialized: bytes)
      return "no error"
    } catch { return "\(error)" }
  }

  @Test func corruptFilesAreClearErrors() throws {
    let bytes = try sampleModel().serialized()
    var wrongMagic = bytes
    wrongMagic[0] = UInt8(ascii: "X")
    #expect(message(wrongMagic).contains("wrong magic"))
    var wrongVersion = bytes
    wrongVersion[4] = 9
    #expect(message(wrongVersion).contains("version 9"))
    #expect(message(Array(bytes.dropLast(10))).contains("checksum"))
    #expect(message(Array(bytes.prefix(6))).contains("truncated"))
    var flipped = bytes
    flipped[bytes.count / 2] ^= 0x10
    #expect(message(flipped).contains("checksum"))
    #expect(message([]).contains("magic"))
  }

  /// A file with a correct checksum but values no model has (a NaN weight, an infinite bias,
  /// a negative variance, a NaN input scale) is refused when read, naming the value.
  @Test func nonFiniteValuesWithAValidChecksumAreRefused() throws {
    let model = try sampleModel()
    func resealed(_ change: (inout Sequential) throws -> Void) throws -> [UInt8] {
      var copy = model
      try change(&copy)
      return copy.serialized()
    }
    let conv = try #require(model.layers[0].weights)
    let dense = try #require(model.layers[6].weights)
    let bias = try #require(model.layers[6].bias)
    var nanWeights = conv
    nanWeights.data[4] = .nan
    var infiniteBias = bias
    infiniteBias.data[1] = .infinity
    let nan = try resealed {
      try $0.setParameters(layer: 0, weights: nanWeights, bias: model.layers[0].bias)
    }
    #expect(message(nan).contains("layer 0 weights value 4 is nan"), "\(message(nan))")
    let infinite = try resealed {
      try $0.setParameters(layer: 6, weights: dense, bias: infiniteBias)
    }
    #expect(message(infinite).contains("layer 6 bias value 1 is inf"), "\(message(infinite))")
    let scale = try resealed { $0.inputEncoding = InputEncoding(scale: .nan, bits: 3) }
    #expect(message(scale).contains("input scale"), "\(message(scale))")
    #expect(message(model.serialized()) == "no error")
  }
}
