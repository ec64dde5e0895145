import Testing

@testable import Kernels

/// The fused dense kernel on ragged rows (1, 7, 13), units off the panel width (10, 33) and a
/// depth over 256 (several depth blocks: 1600 as the seed CNN's first dense layer).
@Test(arguments: [(1, 64, 10), (7, 1600, 64), (13, 300, 33), (6, 5, 1), (2, 40, 20), (5, 70, 100)])
func fusedDenseEqualsSgemmThenBiasActivation(rows: Int, k: Int, units: Int) {
  var rng = TestRandom(seed: UInt64(rows * 31 + k))
  let input = rng.floats(rows * k)
  let weights = rng.floats(k * units)
  let bias = rng.floats(units)
  for activation in [ActivationFunction.relu, .linear, .softmax] {
    var fast = [Float](repeating: .nan, count: rows * units)
    var scratch = [Float](repeating: .nan, count: FusedDense.scratchCount(k: k, units: units))
    fusedDenseForward(
      input: input, rows: rows, weights: FloatWeightPanels(weights, k: k, n: units),
      bias: bias, activation: activation, output: &fast, scratch: &scratch)
    var chain = [Float](repeating: 0, count: rows * units)
    sgemm(
      .none, .none, m: rows, n: units, k: k, a: input, lda: k, b: weights, ldb: units,
      c: &chain, ldc: units, threads: 1)
    biasActivationForward(&chain, rows: rows, columns: units, bias: bias, activation: activation)
    #expect(bitIdentical(fast, chain), "\(rows) x \(k) x \(units) \(activation)")
    var reference = [Float](repeating: .nan, count: rows * units)
    fusedDenseForwardReference(
      input: input, rows: rows, k: k, weights: weights, units: units, bias: bias,
      activation: activation, output: &reference)
    let worst = zip(fast, reference).map { abs(Double($0) - Double($1)) }.max() ?? 0
    #expect(worst <= summationTolerance(terms: k) * Double(k), "\(activation): \(worst)")
  }
}
