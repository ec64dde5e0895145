import Testing

@testable import Kernels

/// Geometries for the fused inference conv: one and several channels, filters off the
/// 16-wide panel (5, 17), odd maps whose last row and column a 2-pool drops, padding, strides
/// and a depth over 256 (two depth blocks).
let fusedConvCases: [(ConvGeometry, filters: Int, pool: Int)] = [
  (ConvGeometry(batch: 3, height: 7, width: 6, channels: 1, kernelHeight: 3, kernelWidth: 3), 5, 2),
  (
    ConvGeometry(batch: 2, height: 13, width: 13, channels: 32, kernelHeight: 3, kernelWidth: 3),
    64, 2
  ),
  (
    ConvGeometry(
      batch: 2, height: 9, width: 8, channels: 5, kernelHeight: 3, kernelWidth: 3,
      padTop: 1, padLeft: 1, padBottom: 1, padRight: 1), 17, 1
  ),
  (
    ConvGeometry(
      batch: 1, height: 11, width: 10, channels: 7, kernelHeight: 5, kernelWidth: 3,
      strideY: 2, strideX: 3, padTop: 2, padLeft: 0, padBottom: 1, padRight: 2), 16, 1
  ),
  (
    ConvGeometry(batch: 5, height: 10, width: 11, channels: 3, kernelHeight: 3, kernelWidth: 3), 33,
    3
  ),
]

/// Runs `fusedConvForward` on random data; returns (fast, plain chain of fast kernels,
/// reference) outputs.
func fusedConvOutputs(
  _ g: ConvGeometry, filters: Int, pool: Int, activation: ActivationFunction, seed: UInt64
) -> ([Float], [Float], [Float]) {
  var rng = TestRandom(seed: seed)
  let input = rng.floats(g.batch * g.height * g.width * g.channels)
  let weights = rng.floats(g.patchSize * filters)
  let bias = rng.floats(filters)
  let (oh, ow) = FusedConv.outputSize(g, pool: pool)
  let count = g.batch * oh * ow * filters
  var fast = [Float](repeating: .nan, count: count)
  var scratch = [Float](
    repeating: .nan, count: FusedConv.scratchCount(g, filters: filters, pool: pool))
  fusedConvForward(
    g, input: input, weights: FloatWeightPanels(weights, k: g.patchSize, n: filters),
    bias: bias, activation: activation, pool: pool, output: &fast, scratch: &scratch)
  // The unfused chain of fast kernels, as the training forward pass runs it.
  var columns = [Float](repeating: 0, count: g.patchCount * g.patchSize)
  im2col(g, input: input, columns: &columns, threads: 1)
  var map = [Float](repeating: 0, count: g.patchCount * filters)
  sgemm(
    .none, .none, m: g.patchCount, n: filters, k: g.patchSize, a: columns, lda: g.patchSize,
    b: weights, ldb: filters, c: &map, ldc: filters, threads: 1)
  biasActivationForward(
    &map, rows: g.patchCount, columns: filters, bias: bias, activation: activation)
  var chain = map
  if pool > 1 {
    let window = ConvGeometry(
      batch: g.batch, height: g.outHeight, width: g.outWidth, channels: filters,
      kernelHeight: pool, kernelWidth: pool, strideY: pool, strideX: pool)
    chain = [Float](repeating: 0, count: count)
    var argmax = [Int32](repeating: 0, count: count)
    maxPoolForward(window, input: map, output: &chain, argmax: &argmax, threads: 1)
  }
  var reference = [Float](repeating: .nan, count: count)
  fusedConvForwardReference(
    g, input: input, weights: weights, filters: filters, bias: bias, activation: activation,
    pool: pool, output: &reference)
  return (fast, chain, reference)
}

@Test(arguments: fusedConvCases.indices)
func fusedConvEqualsTheUnfusedChainBitForBit(index: Int) {
  let (g, filters, pool) = fusedConvCases[index]
  for activation in [ActivationFunction.relu, .linear] {
    let (fast, chain, _) = fusedConvOutputs(
      g, filters: filters, pool: pool, activation: activation, seed: UInt64(index))
    #expect(bitIdentical(fast, chain), "case \(index) \(activation)")
  }
}

@Test(arguments: fusedConvCases.indices)
func fusedConvMatchesReference(index: Int) {
  let (g, filters, pool) = fusedConvCases[index]
  let (fast, _, reference) = fusedConvOutputs(
    g, filters: filters, pool: pool, activation: .relu, seed: 40 + UInt64(index))
  // Inputs and weights lie in [-1, 1): each sum's |x y| total is at most patchSize.
  let bound = summationTolerance(terms: g.patchSize) * Double(g.patchSize)
  let worst = zip(fast, reference).map { abs(Double($0) - Double($1)) }.max() ?? 0
  #expect(worst <= bound, "case \(index): \(worst) > \(bound)")
}

/// Without a pool, any activation goes through `biasActivationForward` (softmax per pixel).
@Test func fusedConvWithoutPoolAppliesEveryActivation() {
  let g = ConvGeometry(batch: 2, height: 6, width: 5, channels: 3, kernelHeight: 3, kernelWidth: 3)
  for activation in [ActivationFunction.sigmoid, .tanh, .softmax] {
    let (fast, chain, _) = fusedConvOutputs(
      g, filters: 10, pool: 1, activation: activation, seed: 9)
    #expect(bitIdentical(fast, chain), "\(activation)")
  }
}
