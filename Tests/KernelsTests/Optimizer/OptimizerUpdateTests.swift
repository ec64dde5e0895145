import Testing

@testable import Kernels

/// Every optimiser step against its reference over several steps, on ragged lengths.
@Test(arguments: [0] + raggedCounts)
func optimizerUpdatesMatchReference(count: Int) {
  var rng = TestRandom(seed: UInt64(count) + 40)
  let start = rng.floats(count)
  let gradients = (0..<3).map { _ in rng.floats(count) }
  var (w, wRef) = (start, start)
  for g in gradients {
    sgdUpdate(&w, gradient: g, count: count, learningRate: 0.03)
    sgdUpdateReference(&wRef, gradient: g, count: count, learningRate: 0.03)
  }
  #expect(bitIdentical(w, wRef))
  var (v, vRef) = ([Float](repeating: 0, count: count), [Float](repeating: 0, count: count))
  (w, wRef) = (start, start)
  for g in gradients {
    momentumUpdate(&w, gradient: g, velocity: &v, count: count, learningRate: 0.02, momentum: 0.9)
    momentumUpdateReference(
      &wRef, gradient: g, velocity: &vRef, count: count, learningRate: 0.02, momentum: 0.9)
  }
  #expect(bitIdentical(w, wRef) && bitIdentical(v, vRef))
  var (m, mRef) = ([Float](repeating: 0, count: count), [Float](repeating: 0, count: count))
  (v, vRef) = (m, mRef)
  (w, wRef) = (start, start)
  for (t, g) in gradients.enumerated() {
    let rate = 0.001 * Float(t + 1)
    adamUpdate(
      &w, gradient: g, firstMoment: &m, secondMoment: &v, count: count, correctedRate: rate,
      beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
    adamUpdateReference(
      &wRef, gradient: g, firstMoment: &mRef, secondMoment: &vRef, count: count,
      correctedRate: rate, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
  }
  #expect(bitIdentical(w, wRef) && bitIdentical(m, mRef) && bitIdentical(v, vRef))
}

/// The update rules on numbers exact in binary.
@Test func optimizerUpdatesHandComputed() {
  var w: [Float] = [1, 2]
  sgdUpdate(&w, gradient: [0.5, -1], count: 2, learningRate: 0.5)
  #expect(w == [0.75, 2.5])
  var v: [Float] = [1, 0]
  momentumUpdate(&w, gradient: [1, 2], velocity: &v, count: 2, learningRate: 0.25, momentum: 0.5)
  #expect(v == [0.25, -0.5])
  #expect(w == [1, 2])
  // Adam with b1 = b2 = 1/2, g = 4, m = 0, v = 2: m = 2, v = 1 + 8 = 9, and with eps = 1
  // the step is 0.5 * 2 / (3 + 1) = 0.25.
  var p: [Float] = [3]
  var m: [Float] = [0]
  var s: [Float] = [2]
  adamUpdate(
    &p, gradient: [4], firstMoment: &m, secondMoment: &s, count: 1, correctedRate: 0.5,
    beta1: 0.5, beta2: 0.5, epsilon: 1)
  #expect(m == [2])
  #expect(s == [9])
  #expect(p == [2.75])
}
