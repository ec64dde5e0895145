import Testing

@testable import Kernels

/// Geometries `ShallowConv` takes (1 to 3 channels, pool 1 or 2): filters off and on the
/// 16-wide panel, odd maps a 2-pool crops, `same` padding (border pixels gathered), strides,
/// a 5 x 5 kernel, batches whose windows do not fill the last group of four.
let shallowConvCases: [(ConvGeometry, filters: Int, pool: Int)] = [
  (
    ConvGeometry(batch: 3, height: 28, width: 28, channels: 1, kernelHeight: 3, kernelWidth: 3), 32,
    2
  ),
  (ConvGeometry(batch: 2, height: 7, width: 9, channels: 1, kernelHeight: 3, kernelWidth: 3), 5, 2),
  (
    ConvGeometry(batch: 3, height: 7, width: 6, channels: 2, kernelHeight: 3, kernelWidth: 3), 17, 1
  ),
  (
    ConvGeometry(
      batch: 2, height: 9, width: 8, channels: 3, kernelHeight: 3, kernelWidth: 3,
      padTop: 1, padLeft: 1, padBottom: 1, padRight: 1), 33, 2
  ),
  (
    ConvGeometry(
      batch: 1, height: 11, width: 10, channels: 1, kernelHeight: 5, kernelWidth: 3,
      strideY: 2, strideX: 3, padTop: 2, padLeft: 0, padBottom: 1, padRight: 2), 16, 1
  ),
  (
    ConvGeometry(
      batch: 5, height: 5, width: 5, channels: 3, kernelHeight: 3, kernelWidth: 3,
      padTop: 1, padLeft: 1, padBottom: 1, padRight: 1), 48, 1
  ),
]

/// The shallow kernel and the gathered path on the same data: (shallow, gathered).
private func bothPaths(
  _ g: ConvGeometry, filters: Int, pool: Int, activation: ActivationFunction, seed: UInt64,
  windows: Range<Int>? = nil
) -> ([Float], [Float]) {
  var rng = TestRandom(seed: seed)
  let input = rng.floats(g.batch * g.height * g.width * g.channels)
  let weights = FloatWeightPanels(rng.floats(g.patchSize * filters), k: g.patchSize, n: filters)
  let bias = rng.floats(filters)
  let (oh, ow) = FusedConv.outputSize(g, pool: pool)
  var results: [[Float]] = []
  for shallow in [true, false] {
    var out = [Float](repeating: .nan, count: g.batch * oh * ow * filters)
    var scratch = [Float](
      repeating: .nan, count: FusedConv.scratchCount(g, filters: filters, pool: pool))
    let parts = windows.map { [$0] } ?? [0..<(g.batch * oh * ow)]
    for part in parts {
      fusedConvForward(
        g, input: input, weights: weights, bias: bias, activation: activation, pool: pool,
        output: &out, scratch: &scratch, windows: part, shallow: shallow)
    }
    results.append(out)
  }
  return (results[0], results[1])
}

@Test(arguments: shallowConvCases.indices)
func shallowConvEqualsTheGatheredPathBitForBit(index: Int) {
  let (g, filters, pool) = shallowConvCases[index]
  let weights = FloatWeightPanels(
    [Float](repeating: 1, count: g.patchSize * filters),
    k: g.patchSize, n: filters)
  #expect(ShallowConv.applies(g, weights: weights, pool: pool), "case \(index) not shallow")
  let activations: [ActivationFunction] =
    pool == 1 ? [.relu, .linear, .sigmoid, .softmax] : [.relu, .linear]
  for activation in activations {
    let (shallow, gathered) = bothPaths(
      g, filters: filters, pool: pool, activation: activation, seed: 70 + UInt64(index))
    #expect(!shallow.contains { $0.isNaN }, "case \(index): an output was not written")
    #expect(bitIdentical(shallow, gathered), "case \(index) \(activation)")
  }
}

/// Threads sharing a batch call the kernel on ranges of windows (`windows:`), ragged ones
/// included: each range's outputs are those of the whole call, and nothing outside is written.
@Test(arguments: shallowConvCases.indices)
func shallowConvRangesAreThoseOfTheWholeCall(index: Int) {
  let (g, filters, pool) = shallowConvCases[index]
  let (oh, ow) = FusedConv.outputSize(g, pool: pool)
  let total = g.batch * oh * ow
  let (whole, _) = bothPaths(g, filters: filters, pool: pool, activation: .relu, seed: 5)
  for cut in [1, 3, total / 2 + 1] where cut < total {
    let (first, _) = bothPaths(
      g, filters: filters, pool: pool, activation: .relu, seed: 5, windows: 0..<cut)
    let (rest, _) = bothPaths(
      g, filters: filters, pool: pool, activation: .relu, seed: 5, windows: cut..<total)
    let split = cut * filters
    #expect(bitIdentical(Array(first[..<split]), Array(whole[..<split])), "case \(index)")
    #expect(first[split...].allSatisfy { $0.isNaN }, "case \(index): wrote past its range")
    #expect(bitIdentical(Array(rest[split...]), Array(whole[split...])), "case \(index)")
    #expect(rest[..<split].allSatisfy { $0.isNaN }, "case \(index): wrote before its range")
  }
}

/// The rule: at most `maximumChannels` channels, one depth block, pool 1 or 2.
@Test func shallowConvRule() {
  let g = ConvGeometry(batch: 1, height: 8, width: 8, channels: 3, kernelHeight: 3, kernelWidth: 3)
  let w = FloatWeightPanels([Float](repeating: 0, count: 27 * 4), k: 27, n: 4)
  #expect(ShallowConv.applies(g, weights: w, pool: 2))
  #expect(!ShallowConv.applies(g, weights: w, pool: 3))
  var four = g
  four.channels = 4
  let w4 = FloatWeightPanels([Float](repeating: 0, count: 36 * 4), k: 36, n: 4)
  #expect(!ShallowConv.applies(four, weights: w4, pool: 2))
}
