import Testing

@testable import Kernels

/// 3 x 3 stride-1 geometries: one channel, channels off the vector width (5, 13), the seed
/// CNN's second conv (13 x 13 x 32 -> 64), odd and even maps, `same` padding (with 5 and 16
/// channels).
let winogradCases: [(ConvGeometry, filters: Int)] = [
  (ConvGeometry(batch: 2, height: 7, width: 6, channels: 1, kernelHeight: 3, kernelWidth: 3), 3),
  (
    ConvGeometry(batch: 2, height: 13, width: 13, channels: 32, kernelHeight: 3, kernelWidth: 3), 64
  ),
  (
    ConvGeometry(
      batch: 1, height: 9, width: 8, channels: 5, kernelHeight: 3, kernelWidth: 3, padTop: 1,
      padLeft: 1, padBottom: 1, padRight: 1), 17
  ),
  (ConvGeometry(batch: 3, height: 6, width: 11, channels: 13, kernelHeight: 3, kernelWidth: 3), 8),
  // Whole groups of eight channels with padding: interior tiles (`winogradInputTileInterior`)
  // and border tiles in one call.
  (
    ConvGeometry(
      batch: 2, height: 10, width: 9, channels: 16, kernelHeight: 3, kernelWidth: 3, padTop: 1,
      padLeft: 1, padBottom: 1, padRight: 1), 24
  ),
]

/// The largest `|a - b|` over two arrays.
func largestDifference(_ a: [Float], _ b: [Float]) -> Double {
  zip(a, b).map { abs(Double($0) - Double($1)) }.max() ?? 0
}

/// Winograd's error against direct convolution: each output is a signed sum over 16 products
/// per channel of values transformed by at most 4 (input) and 9/4 (kernel) times their
/// magnitude, so with inputs and weights in [-1, 1) the gap to the direct sum stays within a
/// few units of roundoff times `9 * channels * 4 * 9/4`. The bound below is that, doubled.
func winogradBound(channels: Int) -> Double {
  2 * summationTolerance(terms: 16 * channels) * Double(9 * channels * 9)
}

@Test(arguments: winogradCases.indices)
func winogradReferenceMatchesDirectConvolution(index: Int) {
  let (g, filters) = winogradCases[index]
  var rng = TestRandom(seed: 70 + UInt64(index))
  let input = rng.floats(g.batch * g.height * g.width * g.channels)
  let weights = rng.floats(9 * g.channels * filters)
  let bias = rng.floats(filters)
  var direct = [Float](repeating: .nan, count: g.patchCount * filters)
  fusedConvForwardReference(
    g, input: input, weights: weights, filters: filters, bias: bias, activation: .linear,
    pool: 1, output: &direct)
  var winograd = [Float](repeating: .nan, count: direct.count)
  winogradConvForwardReference(
    g, input: input, weights: weights, filters: filters, bias: bias, activation: .linear,
    output: &winograd)
  let worst = largestDifference(direct, winograd)
  #expect(worst <= winogradBound(channels: g.channels), "case \(index): \(worst)")
  #expect(!winograd.contains { $0.isNaN })
}

@Test(arguments: winogradCases.indices)
func winogradFastMatchesReference(index: Int) {
  let (g, filters) = winogradCases[index]
  var rng = TestRandom(seed: 90 + UInt64(index))
  let input = rng.floats(g.batch * g.height * g.width * g.channels)
  let weights = rng.floats(9 * g.channels * filters)
  let bias = rng.floats(filters)
  let packed = WinogradWeights(weights, channels: g.channels, filters: filters)
  var scratch = [Float](
    repeating: .nan, count: Winograd.scratchCount(channels: g.channels, filters: filters))
  var reference = [Float](repeating: .nan, count: g.patchCount * filters)
  winogradConvForwardReference(
    g, input: input, weights: weights, filters: filters, bias: bias, activation: .relu,
    output: &reference)
  // Same transforms, products summed in another order: within the summation bound.
  let bound = summationTolerance(terms: 16 * g.channels) * Double(9 * g.channels * 9)
  var fast = [Float](repeating: .nan, count: reference.count)
  winogradConvForward(
    g, input: input, weights: packed, bias: bias, activation: .relu, pool: 1, output: &fast,
    scratch: &scratch)
  #expect(largestDifference(fast, reference) <= bound, "case \(index), no pool")
  // With the pool fused: the reference map, pooled.
  let window = ConvGeometry(
    batch: g.batch, height: g.outHeight, width: g.outWidth, channels: filters,
    kernelHeight: 2, kernelWidth: 2, strideY: 2, strideX: 2)
  var pooled = [Float](repeating: .nan, count: window.patchCount * filters)
  var argmax = [Int32](repeating: 0, count: pooled.count)
  maxPoolForwardReference(window, input: reference, output: &pooled, argmax: &argmax)
  var fastPooled = [Float](repeating: .nan, count: pooled.count)
  winogradConvForward(
    g, input: input, weights: packed, bias: bias, activation: .relu, pool: 2,
    output: &fastPooled, scratch: &scratch)
  #expect(largestDifference(fastPooled, pooled) <= bound, "case \(index), pool 2")
  #expect(!fastPooled.contains { $0.isNaN })
}
