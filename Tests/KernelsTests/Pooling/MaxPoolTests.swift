import Testing

@testable import Kernels

/// Pooling windows: the seed CNN's 2x2/2 (with an odd edge that is dropped), overlapping 3x3/2,
/// padding, and channel counts off the 8-lane width.
let poolGeometries: [ConvGeometry] = [
  ConvGeometry(
    batch: 3, height: 26, width: 26, channels: 32, kernelHeight: 2, kernelWidth: 2,
    strideY: 2, strideX: 2),
  ConvGeometry(
    batch: 2, height: 11, width: 11, channels: 64, kernelHeight: 2, kernelWidth: 2,
    strideY: 2, strideX: 2),
  ConvGeometry(
    batch: 2, height: 7, width: 9, channels: 5, kernelHeight: 3, kernelWidth: 3,
    strideY: 2, strideX: 2),
  ConvGeometry(
    batch: 2, height: 6, width: 5, channels: 13, kernelHeight: 3, kernelWidth: 2,
    strideY: 1, strideX: 2, padTop: 1, padLeft: 1, padBottom: 1, padRight: 1),
  ConvGeometry(
    batch: 1, height: 4, width: 4, channels: 8, kernelHeight: 2, kernelWidth: 2,
    strideY: 2, strideX: 2, padTop: 2, padLeft: 2),
]

/// Pooling only compares and moves values: fast and reference agree bit for bit, ties and
/// all-padding windows included, for any thread count.
@Test(arguments: poolGeometries)
func maxPoolMatchesReference(g: ConvGeometry) {
  var rng = TestRandom(seed: 7)
  // Values on a coarse grid, so windows hold ties.
  let input = (0..<(g.batch * g.height * g.width * g.channels)).map { _ in
    (rng.float() * 4).rounded()
  }
  let outCount = g.batch * g.outHeight * g.outWidth * g.channels
  var expected = [Float](repeating: .nan, count: outCount)
  var expectedIndex = [Int32](repeating: -7, count: outCount)
  maxPoolForwardReference(g, input: input, output: &expected, argmax: &expectedIndex)
  let gradOutput = rng.floats(outCount)
  var expectedGrad = [Float](repeating: .nan, count: input.count)
  maxPoolBackwardReference(
    g, gradOutput: gradOutput, argmax: expectedIndex, gradInput: &expectedGrad)
  for threads in [1, 2] {
    var output = [Float](repeating: .nan, count: outCount)
    var index = [Int32](repeating: -7, count: outCount)
    maxPoolForward(g, input: input, output: &output, argmax: &index, threads: threads)
    #expect(bitIdentical(output, expected))
    #expect(index == expectedIndex)
    var grad = [Float](repeating: .nan, count: input.count)
    maxPoolBackward(g, gradOutput: gradOutput, argmax: index, gradInput: &grad, threads: threads)
    #expect(bitIdentical(grad, expectedGrad))
  }
}

/// A hand-made 4x4 single-channel image pins the window, the first-maximum rule and indices.
@Test func maxPoolHandComputed() {
  let g = ConvGeometry(
    batch: 1, height: 4, width: 4, channels: 1, kernelHeight: 2, kernelWidth: 2,
    strideY: 2, strideX: 2)
  let input: [Float] = [1, 5, 2, 2, 3, 0, 2, 2, -1, -2, 9, 8, -3, -4, 7, 9]
  var output = [Float](repeating: 0, count: 4)
  var index = [Int32](repeating: 0, count: 4)
  maxPoolForward(g, input: input, output: &output, argmax: &index, threads: 1)
  #expect(output == [5, 2, -1, 9])
  #expect(index == [1, 2, 8, 10])
  var grad = [Float](repeating: .nan, count: 16)
  maxPoolBackward(g, gradOutput: [1, 2, 3, 4], argmax: index, gradInput: &grad, threads: 1)
  #expect(grad == [0, 1, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0])
}
