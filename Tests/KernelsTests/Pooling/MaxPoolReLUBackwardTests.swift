import Testing

@testable import Kernels

/// Windows that tile the image (the direct-write path: 2x2/2 with 8k channels, odd maps
/// leaving a row and column uncovered) and windows that do not (overlap, padding, odd
/// channel counts), each against the masked reference.
let reluPoolGeometries: [ConvGeometry] =
  poolGeometries + [
    ConvGeometry(
      batch: 3, height: 7, width: 9, channels: 8, kernelHeight: 2, kernelWidth: 2,
      strideY: 2, strideX: 2),
    ConvGeometry(
      batch: 2, height: 9, width: 7, channels: 16, kernelHeight: 3, kernelWidth: 1,
      strideY: 3, strideX: 1),
    ConvGeometry(
      batch: 2, height: 5, width: 5, channels: 8, kernelHeight: 2, kernelWidth: 2,
      strideY: 2, strideX: 2, padBottom: 1, padRight: 1),
  ]

/// Max-pool backward with the ReLU below folded in equals: zero the output gradient where the
/// pooled value is <= 0, then the plain backward.
@Test(arguments: reluPoolGeometries)
func maxPoolReLUBackwardMatchesReference(g: ConvGeometry) {
  var rng = TestRandom(seed: 23)
  let input = (0..<(g.batch * g.height * g.width * g.channels)).map { _ in
    (rng.float() * 4).rounded()
  }
  let outCount = g.batch * g.outHeight * g.outWidth * g.channels
  var pooled = [Float](repeating: .nan, count: outCount)
  var argmax = [Int32](repeating: -7, count: outCount)
  maxPoolForwardReference(g, input: input, output: &pooled, argmax: &argmax)
  let gradOutput = rng.floats(outCount)
  var expected = [Float](repeating: .nan, count: input.count)
  maxPoolReLUBackwardReference(
    g, gradOutput: gradOutput, pooled: pooled, argmax: argmax, gradInput: &expected)
  #expect(expected.contains { $0 != 0 })
  for threads in [1, 2] {
    var scratch = gradOutput
    var grad = [Float](repeating: .nan, count: input.count)
    maxPoolReLUBackward(
      g, gradOutput: &scratch, pooled: pooled, argmax: argmax, gradInput: &grad,
      threads: threads)
    #expect(bitIdentical(grad, expected))
    var plain = [Float](repeating: .nan, count: input.count)
    var plainExpected = plain
    maxPoolBackward(g, gradOutput: gradOutput, argmax: argmax, gradInput: &plain, threads: threads)
    maxPoolBackwardReference(
      g, gradOutput: gradOutput, argmax: argmax, gradInput: &plainExpected)
    #expect(bitIdentical(plain, plainExpected))
  }
}

/// Which geometries take the direct-write path (so the cases above cover both paths).
@Test func maxPoolTilingIsRecognised() {
  #expect(maxPoolTiles(reluPoolGeometries[0]))
  #expect(maxPoolTiles(reluPoolGeometries[5]))
  #expect(maxPoolTiles(reluPoolGeometries[6]))
  #expect(!maxPoolTiles(reluPoolGeometries[2]))  // overlapping, 5 channels
  #expect(!maxPoolTiles(reluPoolGeometries[7]))  // the last window reaches into the padding
}
