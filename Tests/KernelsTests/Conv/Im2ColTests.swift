import Testing

@testable import Kernels

/// Geometries with 1, 3 and odd channel counts, 1x1 to 5x5 kernels, strides and asymmetric
/// padding (including padding wider than the kernel reaches).
let convGeometries: [ConvGeometry] = [
  ConvGeometry(batch: 2, height: 7, width: 6, channels: 1, kernelHeight: 3, kernelWidth: 3),
  ConvGeometry(batch: 3, height: 5, width: 5, channels: 3, kernelHeight: 1, kernelWidth: 1),
  ConvGeometry(
    batch: 2, height: 9, width: 8, channels: 5, kernelHeight: 3, kernelWidth: 3,
    padTop: 1, padLeft: 1, padBottom: 1, padRight: 1),
  ConvGeometry(
    batch: 1, height: 11, width: 10, channels: 32, kernelHeight: 5, kernelWidth: 3,
    strideY: 2, strideX: 3, padTop: 2, padLeft: 0, padBottom: 1, padRight: 2),
  ConvGeometry(
    batch: 2, height: 4, width: 4, channels: 9, kernelHeight: 3, kernelWidth: 5,
    padTop: 3, padLeft: 4, padBottom: 3, padRight: 4),
  ConvGeometry(batch: 4, height: 13, width: 13, channels: 32, kernelHeight: 3, kernelWidth: 3),
]

/// im2col only moves values, so the fast version must equal the reference bit for bit.
@Test(arguments: convGeometries)
func im2colEqualsReference(g: ConvGeometry) {
  var rng = TestRandom(seed: 3)
  let input = rng.floats(g.batch * g.height * g.width * g.channels)
  var expected = [Float](repeating: .nan, count: g.patchCount * g.patchSize)
  im2colReference(g, input: input, columns: &expected)
  for threads in [1, 2, 3] {
    var columns = [Float](repeating: .nan, count: expected.count)
    im2col(g, input: input, columns: &columns, threads: threads)
    #expect(bitIdentical(columns, expected), "threads \(threads)")
  }
}

/// col2im adds each output element's terms in the reference's order (row by row), so it too
/// must equal the reference bit for bit, whatever the thread count.
@Test(arguments: convGeometries)
func col2imEqualsReference(g: ConvGeometry) {
  var rng = TestRandom(seed: 4)
  let columns = rng.floats(g.patchCount * g.patchSize)
  let count = g.batch * g.height * g.width * g.channels
  var expected = [Float](repeating: .nan, count: count)
  col2imReference(g, columns: columns, output: &expected)
  for threads in [1, 2, 3] {
    var output = [Float](repeating: .nan, count: count)
    col2im(g, columns: columns, output: &output, threads: threads)
    #expect(bitIdentical(output, expected), "threads \(threads)")
  }
}

/// col2im is the adjoint of im2col: <im2col(x), y> == <x, col2im(y)> (up to rounding).
@Test func col2imIsAdjointOfIm2col() {
  let g = convGeometries[3]
  var rng = TestRandom(seed: 5)
  let x = rng.floats(g.batch * g.height * g.width * g.channels)
  let y = rng.floats(g.patchCount * g.patchSize)
  var columns = [Float](repeating: 0, count: y.count)
  var folded = [Float](repeating: 0, count: x.count)
  im2col(g, input: x, columns: &columns, threads: 1)
  col2im(g, columns: y, output: &folded, threads: 1)
  let left = zip(columns, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
  let right = zip(x, folded).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
  #expect(abs(left - right) <= 1e-4 * max(1, abs(left)))
}
