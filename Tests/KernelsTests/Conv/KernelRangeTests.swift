import Testing

@testable import Kernels

/// The fused inference kernels' ranges (`windows:`, `tiles:`, `panels:`), which let threads
/// share one small batch: computed in parts, on 1 thread or on a 2-part `WorkerTeam`, the
/// output is bit-identical to the whole call. Parts are cut at ragged places (not whole
/// 6-window blocks) as well as where `InferenceStep` cuts them.
func splitPoints(_ total: Int, seed: UInt64) -> [[Int]] {
  var rng = TestRandom(seed: seed)
  let cut = total <= 1 ? total : rng.int(in: 1...(total - 1))
  return [
    [0, total], [0, cut, total], [0, min(total, 6), total], [0, total / 3, total - 1, total],
  ]
}

/// Scratch for one part, freed with the object.
final class ScratchFloats {
  let pointer: UnsafeMutablePointer<Float>
  init(_ count: Int) {
    pointer = .allocate(capacity: max(1, count))
    pointer.initialize(repeating: .nan, count: max(1, count))
  }
  deinit { pointer.deallocate() }
}

/// Runs `body(range, part)` for consecutive ranges between `points`: one after the other
/// (threads 1) or the first two at once on a team (threads 2; any others after).
func runParts(_ points: [Int], threads: Int, _ body: (Range<Int>, Int) -> Void) {
  let ranges = (0..<(points.count - 1)).map { points[$0]..<points[$0 + 1] }
  if threads == 2 && ranges.count >= 2 {
    let team = WorkerTeam(parts: 2)
    team.run { part in body(ranges[part], part) }
    for (i, range) in ranges.enumerated().dropFirst(2) { body(range, i % 2) }
  } else {
    for (i, range) in ranges.enumerated() { body(range, i % 2) }
  }
}

@Test(arguments: fusedConvCases.indices)
func fusedConvWindowRangesGiveTheWholeOutput(index: Int) {
  let (g, filters, pool) = fusedConvCases[index]
  var rng = TestRandom(seed: 300 + UInt64(index))
  let input = rng.floats(g.batch * g.height * g.width * g.channels)
  let weights = FloatWeightPanels(rng.floats(g.patchSize * filters), k: g.patchSize, n: filters)
  let bias = rng.floats(filters)
  let (oh, ow) = FusedConv.outputSize(g, pool: pool)
  let windows = g.batch * oh * ow
  let scratchCount = FusedConv.scratchCount(g, filters: filters, pool: pool)
  var whole = [Float](repeating: .nan, count: windows * filters)
  var scratch = [Float](repeating: .nan, count: scratchCount)
  fusedConvForward(
    g, input: input, weights: weights, bias: bias, activation: .relu, pool: pool,
    output: &whole, scratch: &scratch)
  for points in splitPoints(windows, seed: UInt64(index)) {
    for threads in [1, 2] {
      var parts = [Float](repeating: .nan, count: whole.count)
      let scratches = (0..<2).map { _ in ScratchFloats(scratchCount) }
      parts.withUnsafeMutableBufferPointer { out in
        let out = out.baseAddress!
        runParts(points, threads: threads) { range, part in
          fusedConvForward(
            g, input: input, weights: weights, bias: bias, activation: .relu, pool: pool,
            output: out, scratch: scratches[part].pointer, windows: range)
        }
      }
      #expect(bitIdentical(parts, whole), "case \(index), \(points), \(threads) threads")
    }
  }
}

@Test(arguments: winogradCases.indices)
func winogradTileRangesGiveTheWholeOutput(index: Int) {
  let (g, filters) = winogradCases[index]
  var rng = TestRandom(seed: 400 + UInt64(index))
  let input = rng.floats(g.batch * g.height * g.width * g.channels)
  let weights = WinogradWeights(
    rng.floats(9 * g.channels * filters), channels: g.channels, filters: filters)
  let bias = rng.floats(filters)
  let scratchCount = Winograd.scratchCount(channels: g.channels, filters: filters)
  for (pool, activation) in [(1, ActivationFunction.softmax), (1, .relu), (2, .relu)] {
    let (rows, columns) = Winograd.tileGrid(g, pool: pool)
    let (oh, ow) = FusedConv.outputSize(g, pool: pool)
    var whole = [Float](repeating: .nan, count: g.batch * oh * ow * filters)
    var scratch = [Float](repeating: .nan, count: scratchCount)
    winogradConvForward(
      g, input: input, weights: weights, bias: bias, activation: activation, pool: pool,
      output: &whole, scratch: &scratch)
    #expect(!whole.contains { $0.isNaN })
    for points in splitPoints(g.batch * rows * columns, seed: UInt64(index)) {
      for threads in [1, 2] {
        var parts = [Float](repeating: .nan, count: whole.count)
        let scratches = (0..<2).map { _ in ScratchFloats(scratchCount) }
        parts.withUnsafeMutableBufferPointer { out in
          let out = out.baseAddress!
          runParts(points, threads: threads) { range, part in
            winogradConvForward(
              g, input: input, weights: weights, bias: bias, activation: activation,
              pool: pool, output: out, scratch: scratches[part].pointer, tiles: range)
          }
        }
        #expect(bitIdentical(parts, whole), "case \(index), pool \(pool), \(points), \(threads)")
      }
    }
  }
}

@Test(arguments: [(1, 1600, 64), (3, 300, 33), (7, 40, 100), (13, 70, 50)])
func fusedDensePanelRangesGiveTheWholeOutput(rows: Int, k: Int, units: Int) {
  var rng = TestRandom(seed: UInt64(rows * 7 + units))
  let input = rng.floats(rows * k)
  let weights = FloatWeightPanels(rng.floats(k * units), k: k, n: units)
  let bias = rng.floats(units)
  let panels = FusedDense.panelCount(units: units)
  let scratchCount = FusedDense.scratchCount(k: k, units: units)
  for activation in [ActivationFunction.relu, .tanh] {
    var whole = [Float](repeating: .nan, count: rows * units)
    var scratch = [Float](repeating: .nan, count: scratchCount)
    fusedDenseForward(
      input: input, rows: rows, weights: weights, bias: bias, activation: activation,
      output: &whole, scratch: &scratch)
    for points in splitPoints(panels, seed: UInt64(k)) {
      for threads in [1, 2] {
        var parts = [Float](repeating: .nan, count: whole.count)
        let scratches = (0..<2).map { _ in ScratchFloats(scratchCount) }
        parts.withUnsafeMutableBufferPointer { out in
          let out = out.baseAddress!
          runParts(points, threads: threads) { range, part in
            fusedDenseForward(
              input: input, rows: rows, weights: weights, bias: bias, activation: activation,
              output: out, scratch: scratches[part].pointer, panels: range)
          }
        }
        #expect(bitIdentical(parts, whole), "\(rows)x\(k)x\(units) \(points) \(threads)")
      }
    }
  }
}
