import Testing

@testable import Kernels

/// Row lengths around the 8-lane width, with ragged tails.
let raggedCounts = [1, 7, 8, 17, 33, 1023]

let allActivations = ActivationFunction.allCases

/// Random values with the awkward ones mixed in: -0, 0 and (for the pass-through rules) NaN.
func awkwardFloats(_ count: Int, seed: UInt64, nan: Bool) -> [Float] {
  var rng = TestRandom(seed: seed)
  var x = rng.floats(count).map { $0 * 4 }
  if count > 3 {
    x[1] = -0.0
    x[2] = 0
    if nan { x[3] = .nan }
  }
  return x
}

@Test(arguments: allActivations, raggedCounts)
func biasActivationMatchesReference(activation: ActivationFunction, columns: Int) {
  let rows = 3
  let passThrough = activation == .relu || activation == .linear
  let input = awkwardFloats(rows * columns, seed: UInt64(columns), nan: passThrough)
  var rng = TestRandom(seed: 99)
  let bias = rng.floats(columns)
  for useBias in [false, true] {
    var fast = input
    var reference = input
    bias.withUnsafeBufferPointer { b in
      let pointer = useBias ? b.baseAddress : nil
      biasActivationForward(
        &fast, rows: rows, columns: columns, bias: pointer, activation: activation)
      biasActivationForwardReference(
        &reference, rows: rows, columns: columns, bias: pointer, activation: activation)
    }
    #expect(bitIdentical(fast, reference), "\(activation) bias: \(useBias)")
  }
}

@Test(arguments: allActivations, raggedCounts)
func activationBackwardMatchesReference(activation: ActivationFunction, columns: Int) {
  let rows = 2
  var rng = TestRandom(seed: UInt64(columns) + 5)
  var y = awkwardFloats(rows * columns, seed: UInt64(columns) + 1, nan: true)
  if activation == .sigmoid || activation == .softmax { y = y.map { abs($0) / 4 } }
  let g = rng.floats(rows * columns)
  var fast = g
  var reference = g
  activationBackward(
    &fast, output: y, count: rows * columns, columns: columns, activation: activation)
  activationBackwardReference(
    &reference, output: y, count: rows * columns, columns: columns, activation: activation)
  #expect(bitIdentical(fast, reference))
}

/// The rules themselves, on values small enough to check by hand.
@Test func activationsHandComputed() {
  var x: [Float] = [-2, -0.0, 3, 1]
  biasActivationForward(&x, rows: 2, columns: 2, bias: [1, 0.5], activation: .relu)
  #expect(x == [0, 0.5, 4, 1.5])
  var s: [Float] = [0, 0, 1, 1]
  biasActivationForward(&s, rows: 2, columns: 2, bias: nil, activation: .softmax)
  #expect(s == [0.5, 0.5, 0.5, 0.5])
  var g: [Float] = [1, 2, 3, 4]
  activationBackward(&g, output: [0.5, -1, 0, 2], count: 4, columns: 4, activation: .relu)
  #expect(g == [1, 0, 0, 4])
  var t: [Float] = [2, 2]
  activationBackward(&t, output: [0.5, -0.5], count: 2, columns: 2, activation: .tanh)
  #expect(t == [1.5, 1.5])
}
