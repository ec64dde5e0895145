import Testing
@testable import Kernels

/// Lengths around the 8-lane vector width, with a tail.
let vectorCounts = [0, 1, 7, 8, 9, 31, 100]

@Test(arguments: vectorCounts)
func reluMatchesReference(count: Int) {
  var rng = TestRandom(seed: UInt64(count) + 10)
  var x = rng.floats(count)
  if count > 2 { x[1] = .nan; x[2] = -0.0 }
  let dy = rng.floats(count)
  var fast = [Float](repeating: 9, count: count)
  var reference = fast
  reluForward(x, &fast, count: count)
  reluForwardReference(x, &reference, count: count)
  #expect(bitIdentical(fast, reference))
  #expect(fast.allSatisfy { $0 >= 0 && $0.sign == .plus })
  var dxFast = fast
  var dxReference = fast
  reluBackward(output: fast, gradOutput: dy, gradInput: &dxFast, count: count)
  reluBackwardReference(output: fast, gradOutput: dy, gradInput: &dxReference, count: count)
  #expect(bitIdentical(dxFast, dxReference))
}

@Test(arguments: vectorCounts)
func axpyMatchesReference(count: Int) {
  var rng = TestRandom(seed: UInt64(count) + 20)
  let x = rng.floats(count)
  var fast = rng.floats(count)
  var reference = fast
  axpy(count: count, alpha: -0.37, x: x, y: &fast)
  axpyReference(count: count, alpha: -0.37, x: x, y: &reference)
  #expect(bitIdentical(fast, reference))
}

@Test(arguments: [(1, 1), (3, 7), (5, 8), (33, 17), (64, 64)])
func rowBiasAndRowSumsMatchReference(rows: Int, columns: Int) {
  var rng = TestRandom(seed: UInt64(rows * 100 + columns))
  let bias = rng.floats(columns)
  var fast = rng.floats(rows * columns)
  var reference = fast
  addRowBias(&fast, rows: rows, columns: columns, bias: bias)
  addRowBiasReference(&reference, rows: rows, columns: columns, bias: bias)
  #expect(bitIdentical(fast, reference))
  var sums = [Float](repeating: .nan, count: columns)
  var sumsReference = [Float](repeating: .nan, count: columns)
  sumRows(fast, rows: rows, columns: columns, into: &sums)
  sumRowsReference(fast, rows: rows, columns: columns, into: &sumsReference)
  #expect(bitIdentical(sums, sumsReference))
}
