import Kernels
import TensorEngine
import Testing

@testable import Quantization

@Test func theFixtureLearnsTheSyntheticTask() throws {
  #expect(try evaluate(IntegerFixture.trained, on: IntegerFixture.data.test).accuracy > 0.6)
}

@Test func conversionKeepsTheLayersAndGrids() throws {
  let q = IntegerFixture.int8
  let model = try IntegerModel(converting: q)
  #expect(
    model.layers.map(\.operation) == [
      .conv2d(kernel: 3, stride: 1, padTop: 0, padLeft: 0, padBottom: 0, padRight: 0),
      .maxPool(size: 2, stride: 2),
      .conv2d(kernel: 3, stride: 1, padTop: 1, padLeft: 1, padBottom: 1, padRight: 1),
      .maxPool(size: 2, stride: 2), .flatten, .dense, .dense,
    ])
  #expect(model.input.grid.zeroPoint == -128)
  #expect(model.input.codes[0] == -128 && model.input.codes[255] == 127)
  #expect(model.layers.compactMap(\.weights).map(\.bits) == [8, 8, 8, 8])
  guard case .int32(let scales) = model.output else {
    Issue.record("a final softmax dense writes int32 accumulators")
    return
  }
  #expect(scales.count == 10)
  // Weight codes are the records' codes, transposed to n x k.
  let record = q.layers[0]
  let w = try #require(model.layers[0].weights)
  for c in 0..<8 {
    for d in 0..<9 {
      #expect(Int32(w.weight(channel: c, depth: d)) == record.weights.codes[d * 8 + c])
    }
  }
  // ReLU is folded into the clamp: the lowest output code is the output zero point.
  guard case .requantized(let stage, let grid) = model.layers[0].output else {
    Issue.record("conv 0 requantizes")
    return
  }
  #expect(Int32(stage.outputMin) == grid.zeroPoint)
}

@Test(arguments: [8, 4])
func fastAndReferenceKernelsGiveIdenticalOutputs(bits: Int) throws {
  let q = bits == 8 ? IntegerFixture.int8 : IntegerFixture.int4
  let model = try IntegerModel(converting: q)
  let test = IntegerFixture.data.test
  let fast = try model.run(on: test, batchSize: 256, threads: 2)
  let reference = try model.run(on: test, batchSize: 256, threads: 1, useReferenceKernels: true)
  #expect(fast.outputs.count == test.count * 10)
  #expect(fast.outputs == reference.outputs)
  // Batch size and thread count do not change a bit.
  let other = try model.run(on: test, batchSize: 37, threads: 3)
  #expect(other == fast)
}

@Test(arguments: [8, 4])
func integerModelAgreesWithTheSimulation(bits: Int) throws {
  let q = bits == 8 ? IntegerFixture.int8 : IntegerFixture.int4
  let model = try IntegerModel(converting: q)
  if bits == 4 { #expect(model.layers.compactMap(\.weights).allSatisfy { $0.bits == 4 }) }
  let comparison = try compareWithSimulation(model, q, on: IntegerFixture.data.test, threads: 2)
  #expect(comparison.count == 300)
  #expect(comparison.agreement >= 0.99)
  #expect(abs(comparison.integerAccuracy - comparison.simulationAccuracy) <= 0.01)
  #expect(comparison.maxLogitDifference < 0.5)
}

/// Comparing known integer outputs gives the same figures as running the integer model again,
/// and outputs of another split are refused.
@Test func comparisonOfKnownOutputsMatchesAFreshRun() throws {
  let q = IntegerFixture.int8
  let model = try IntegerModel(converting: q)
  let test = IntegerFixture.data.test
  let result = try model.run(on: test, threads: 2)
  let known = try compareWithSimulation(result, of: model, q, on: test, threads: 2)
  #expect(known == (try compareWithSimulation(model, q, on: test, threads: 1)))
  #expect(throws: QuantizationError.self) {
    try compareWithSimulation(result, of: model, q, on: test.slice(0..<10))
  }
}
