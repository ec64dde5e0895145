import Testing

@testable import Kernels

/// Convolutions followed by unpadded poolings: the seed CNN's 2x2 pools (even and odd conv
/// outputs), an overlapping 3x3 pool of stride 2, a 2x2 pool of stride 1, a 3x1 window, and
/// padded, strided and short-run (one channel) convolutions.
private let pairs: [(conv: ConvGeometry, poolSize: (Int, Int), poolStride: (Int, Int))] = [
  (
    ConvGeometry(batch: 2, height: 10, width: 10, channels: 1, kernelHeight: 3, kernelWidth: 3),
    (2, 2), (2, 2)
  ),
  (
    ConvGeometry(batch: 3, height: 13, width: 13, channels: 5, kernelHeight: 3, kernelWidth: 3),
    (2, 2), (2, 2)
  ),
  (
    ConvGeometry(
      batch: 1, height: 9, width: 8, channels: 17, kernelHeight: 3, kernelWidth: 3, padTop: 1,
      padLeft: 1, padBottom: 1, padRight: 1), (3, 3), (2, 2)
  ),
  (
    ConvGeometry(
      batch: 2, height: 11, width: 7, channels: 2, kernelHeight: 2, kernelWidth: 3, strideY: 2,
      strideX: 1, padTop: 1, padLeft: 0, padBottom: 0, padRight: 2), (2, 2), (1, 1)
  ),
  (
    ConvGeometry(batch: 1, height: 8, width: 6, channels: 32, kernelHeight: 1, kernelWidth: 1),
    (3, 1), (3, 1)
  ),
]

/// The pooling on the output of `conv`.
private func poolGeometry(_ conv: ConvGeometry, _ size: (Int, Int), _ stride: (Int, Int))
  -> ConvGeometry
{
  ConvGeometry(
    batch: conv.batch, height: conv.outHeight, width: conv.outWidth, channels: 1,
    kernelHeight: size.0, kernelWidth: size.1, strideY: stride.0, strideX: stride.1)
}

/// The fused convolution (implicit im2col, GEMM, max-pool, requantization) equals the
/// reference chain im2col, GEMM, requantize, max-pool, for int8 and int4 weights, 1 and 2
/// threads, with and without the pool, biases large enough to saturate and a fused ReLU.
@Test(arguments: pairs.indices)
func fusedConvMatchesTheReferenceChain(index: Int) throws {
  let (conv, size, stride) = pairs[index]
  var random = IntegerTestRandom(seed: UInt64(90 + index))
  let n = [32, 7, 16, 40, 64][index]
  let k = conv.patchSize
  let pool = poolGeometry(conv, size, stride)
  let outputPool = ConvGeometry(
    batch: conv.batch, height: conv.outHeight, width: conv.outWidth, channels: n,
    kernelHeight: size.0, kernelWidth: size.1, strideY: stride.0, strideX: stride.1)
  let input = random.int8s(conv.batch * conv.height * conv.width * conv.channels)
  let zero: Int8 = -6
  let bias = (0..<n).map { j in
    j == 1 ? Int32.max - 3 : Int32(random.int(in: -40_000...40_000))
  }
  let reals = (0..<n).map { j in [0.0004, 0.002, 1.7, 0.00001, 0.49][j % 5] }
  let stage = try RequantizationStage(realMultipliers: reals, outputZeroPoint: -9, outputMin: -9)
  var columns = [Int8](repeating: 0, count: conv.patchCount * k)
  try int8Im2colReference(conv, input: input, zeroPoint: zero, columns: &columns)
  for int4 in [false, true] {
    let w = random.int8s(n * k, in: int4 ? -8...7 : -128...127)
    var sums = [Int32](repeating: 0, count: conv.patchCount * n)
    integerGEMMReference(
      m: conv.patchCount, n: n, k: k, a: columns, lda: k, aZeroPoint: Int32(zero), weights: w,
      ldw: k, c: &sums, ldc: n)
    var requantized = [Int8](repeating: 0, count: conv.patchCount * n)
    try requantizeReference(
      m: conv.patchCount, n: n, accumulators: sums, lda: n, bias: bias, stage: stage,
      output: &requantized, ldo: n)
    var pooled = [Int8](repeating: 0, count: conv.batch * pool.outHeight * pool.outWidth * n)
    try int8MaxPoolReference(outputPool, input: requantized, output: &pooled)

    let ldo = n + 3
    for (fusedPool, expected) in [(pool, pooled), (nil, requantized)] {
      for threads in [1, 2] {
        var fused = [Int8](repeating: 55, count: expected.count / n * ldo)
        if int4 {
          try integerConvRequantized(
            conv, pool: fusedPool, input: input, inputZeroPoint: Int32(zero),
            weights: try PackedIntegerWeights(weights: w, outputChannels: n, depth: k, bits: 4),
            bias: bias,
            stage: stage, output: &fused, ldo: ldo, threads: threads)
        } else {
          try integerConvRequantized(
            conv, pool: fusedPool, input: input, inputZeroPoint: Int32(zero),
            weights: try PackedIntegerWeights(weights: w, outputChannels: n, depth: k, bits: 8),
            bias: bias,
            stage: stage, output: &fused, ldo: ldo, threads: threads)
        }
        let dense = (0..<(expected.count / n)).flatMap { fused[($0 * ldo)..<($0 * ldo + n)] }
        let same = dense == expected
        #expect(same, "pair \(index) int4=\(int4) pooled=\(fusedPool != nil) threads=\(threads)")
      }
    }
  }
}

@Test func fusedConvRejectsMismatchedShapes() throws {
  let conv = ConvGeometry(
    batch: 1, height: 6, width: 6, channels: 1, kernelHeight: 3, kernelWidth: 3)
  let input = [Int8](repeating: 0, count: 36)
  let weights = try PackedIntegerWeights(
    weights: [Int8](repeating: 1, count: 9 * 2), outputChannels: 2, depth: 9, bits: 8)
  let stage = try RequantizationStage(realMultipliers: [0.1, 0.1], outputZeroPoint: 0)
  var out = [Int8](repeating: 0, count: 64)
  func run(_ pool: ConvGeometry?, _ weights: PackedIntegerWeights) throws {
    try integerConvRequantized(
      conv, pool: pool, input: input, inputZeroPoint: 0, weights: weights, bias: nil,
      stage: stage, output: &out, ldo: 2, threads: 1)
  }
  try run(nil, weights)
  // The pooling reads a 5x5 map but the convolution writes 4x4.
  let wrong = ConvGeometry(
    batch: 1, height: 5, width: 5, channels: 2, kernelHeight: 2, kernelWidth: 2, strideY: 2,
    strideX: 2)
  #expect(!canFusePooling(conv, wrong))
  #expect(throws: IntegerKernelError.self) { try run(wrong, weights) }
  // A padded pooling has windows outside the convolution's output.
  let padded = ConvGeometry(
    batch: 1, height: 4, width: 4, channels: 2, kernelHeight: 2, kernelWidth: 2, strideY: 2,
    strideX: 2, padTop: 1, padLeft: 1, padBottom: 1, padRight: 1)
  #expect(!canFusePooling(conv, padded))
  #expect(throws: IntegerKernelError.self) { try run(padded, weights) }
  // Weights of depth 8 do not match a 3x3x1 patch.
  let shallow = try PackedIntegerWeights(
    weights: [Int8](repeating: 1, count: 8 * 2), outputChannels: 2, depth: 8, bits: 8)
  #expect(throws: IntegerKernelError.self) { try run(nil, shallow) }
}
