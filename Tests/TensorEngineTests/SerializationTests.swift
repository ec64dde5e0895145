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
}
