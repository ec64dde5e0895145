import Testing

@testable import Kernels

/// Geometries with padding, strides, one channel and channel counts around 16, and short runs
/// (`kernelWidth * channels` below 16 bytes, copied as words) near both ends of the buffers.
private let geometries: [ConvGeometry] = [
  ConvGeometry(batch: 1, height: 1, width: 1, channels: 1, kernelHeight: 1, kernelWidth: 1),
  ConvGeometry(batch: 2, height: 7, width: 6, channels: 1, kernelHeight: 3, kernelWidth: 3),
  ConvGeometry(batch: 1, height: 9, width: 9, channels: 5, kernelHeight: 2, kernelWidth: 3),
  ConvGeometry(
    batch: 3, height: 4, width: 4, channels: 2, kernelHeight: 5, kernelWidth: 5, padTop: 2,
    padLeft: 2, padBottom: 2, padRight: 2),
  ConvGeometry(batch: 2, height: 5, width: 4, channels: 3, kernelHeight: 3, kernelWidth: 3),
  ConvGeometry(
    batch: 1, height: 6, width: 7, channels: 17, kernelHeight: 3, kernelWidth: 2, strideY: 2,
    strideX: 1, padTop: 1, padLeft: 1, padBottom: 1, padRight: 1),
  ConvGeometry(
    batch: 3, height: 4, width: 4, channels: 32, kernelHeight: 2, kernelWidth: 2, strideY: 2,
    strideX: 2),
  ConvGeometry(
    batch: 1, height: 5, width: 5, channels: 16, kernelHeight: 3, kernelWidth: 3, strideY: 2,
    strideX: 2, padTop: 2, padLeft: 2, padBottom: 2, padRight: 2),
]

@Test(arguments: geometries.indices)
func int8Im2colMatchesReference(index: Int) throws {
  let g = geometries[index]
  var random = IntegerTestRandom(seed: UInt64(20 + index))
  let input = random.int8s(g.batch * g.height * g.width * g.channels)
  var fast = [Int8](repeating: 99, count: g.patchCount * g.patchSize)
  var reference = [Int8](repeating: -99, count: fast.count)
  try int8Im2col(g, input: input, zeroPoint: -7, columns: &fast)
  try int8Im2colReference(g, input: input, zeroPoint: -7, columns: &reference)
  #expect(fast == reference)
  if g.padTop > 0 { #expect(fast[0] == -7) }  // the first patch starts in the padding
}

@Test(arguments: geometries.indices)
func int8MaxPoolMatchesReference(index: Int) throws {
  let g = geometries[index]
  var random = IntegerTestRandom(seed: UInt64(30 + index))
  let input = random.int8s(g.batch * g.height * g.width * g.channels)
  let count = g.batch * g.outHeight * g.outWidth * g.channels
  var fast = [Int8](repeating: 99, count: count)
  var reference = [Int8](repeating: -99, count: count)
  try int8MaxPool(g, input: input, output: &fast)
  try int8MaxPoolReference(g, input: input, output: &reference)
  #expect(fast == reference)
}

@Test func int8MaxPoolHandComputed() throws {
  // 1 x 2 x 4 x 1, 2x2 windows, stride 2.
  let g = ConvGeometry(
    batch: 1, height: 2, width: 4, channels: 1, kernelHeight: 2, kernelWidth: 2, strideY: 2,
    strideX: 2)
  var out = [Int8](repeating: 0, count: 2)
  try int8MaxPool(g, input: [-128, -5, 3, 127, -100, -128, -1, 0], output: &out)
  #expect(out == [-5, 127])
}

@Test func supportKernelsRejectBadGeometry() {
  let tooBig = ConvGeometry(
    batch: 1, height: 2, width: 2, channels: 1, kernelHeight: 3, kernelWidth: 3)
  var out = [Int8](repeating: 0, count: 16)
  #expect(throws: IntegerKernelError.self) {
    try int8MaxPool(tooBig, input: [1, 2, 3, 4], output: &out)
  }
  #expect(throws: IntegerKernelError.self) {
    try int8Im2col(tooBig, input: [1, 2, 3, 4], zeroPoint: 0, columns: &out)
  }
}
