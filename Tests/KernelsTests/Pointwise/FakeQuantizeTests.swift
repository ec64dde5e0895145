import Testing

@testable import Kernels

/// Values on and between grid points, exact ties (x / scale = k + 1/2), values far outside the
/// codes, NaN and infinities: the vector path must round and clamp as the scalar one does.
@Test(arguments: [0] + raggedCounts)
func fakeQuantizeMatchesReference(count: Int) {
  var rng = TestRandom(seed: UInt64(count) + 70)
  var x = rng.floats(count).map { $0 * 40 }
  for i in stride(from: 0, to: count, by: 5) { x[i] = (Float(rng.int(in: -60...60)) + 0.5) / 4 }
  let specials: [Float] = [.nan, .infinity, -.infinity, 1e30, -0.0]
  for (k, v) in specials.enumerated() where 3 * k + 1 < count { x[3 * k + 1] = v }
  for (zero, codes) in [(Float(0), Float(-127)...127), (-3, -128...127), (7, 0...15)] {
    var (fast, reference) = (x, x)
    fakeQuantize(&fast, count: count, scale: 0.25, zeroPoint: zero, codes: codes)
    fakeQuantizeReference(&reference, count: count, scale: 0.25, zeroPoint: zero, codes: codes)
    #expect(bitIdentical(fast, reference))
  }
}

/// Scale 1/2, zero point 1, codes 0...3: the grid is {-0.5, 0, 0.5, 1}.
@Test func fakeQuantizeHandComputed() {
  var x: [Float] = [0.2, 0.25, -0.25, -2, 9, 0.74, .nan]
  fakeQuantize(&x, count: 7, scale: 0.5, zeroPoint: 1, codes: 0...3)
  #expect(Array(x[..<6]) == [0, 0.5, -0.5, -0.5, 1, 0.5] && x[6].isNaN)
}
