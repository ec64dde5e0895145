import Testing

@testable import Kernels

/// Average pooling sums each window in the same order on both paths: bit-identical to the
/// reference (odd maps, overlapping windows, padding, channels off the 8-lane width) for any
/// thread count.
@Test(arguments: poolGeometries)
func avgPoolMatchesReference(g: ConvGeometry) {
  var rng = TestRandom(seed: 17)
  let input = rng.floats(g.batch * g.height * g.width * g.channels)
  let outCount = g.batch * g.outHeight * g.outWidth * g.channels
  var expected = [Float](repeating: .nan, count: outCount)
  avgPoolForwardReference(g, input: input, output: &expected)
  let gradOutput = rng.floats(outCount)
  var expectedGrad = [Float](repeating: .nan, count: input.count)
  avgPoolBackwardReference(g, gradOutput: gradOutput, gradInput: &expectedGrad)
  for threads in [1, 2] {
    var output = [Float](repeating: .nan, count: outCount)
    avgPoolForward(g, input: input, output: &output, threads: threads)
    #expect(bitIdentical(output, expected))
    var grad = [Float](repeating: .nan, count: input.count)
    avgPoolBackward(g, gradOutput: gradOutput, gradInput: &grad, threads: threads)
    #expect(bitIdentical(grad, expectedGrad))
  }
}

/// A 3x3 single-channel image under an overlapping 2x2/1 window.
@Test func avgPoolHandComputed() {
  let g = ConvGeometry(
    batch: 1, height: 3, width: 3, channels: 1, kernelHeight: 2, kernelWidth: 2)
  var output = [Float](repeating: 0, count: 4)
  avgPoolForward(g, input: [1, 2, 3, 4, 5, 6, 7, 8, 9], output: &output, threads: 1)
  #expect(output == [3, 4, 6, 7])
  var grad = [Float](repeating: .nan, count: 9)
  avgPoolBackward(g, gradOutput: [4, 8, 12, 16], gradInput: &grad, threads: 1)
  #expect(grad == [1, 3, 2, 4, 10, 6, 3, 7, 4])
}
