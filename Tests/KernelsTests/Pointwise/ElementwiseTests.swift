import Testing

@testable import Kernels

@Test(arguments: [0] + raggedCounts)
func elementwiseMatchesReference(count: Int) {
  var rng = TestRandom(seed: UInt64(count) + 20)
  let x = rng.floats(count)
  let m = rng.floats(count)
  let y = rng.floats(count)
  var fast = y
  var reference = y
  addInPlace(x, into: &fast, count: count)
  addInPlaceReference(x, into: &reference, count: count)
  #expect(bitIdentical(fast, reference))
  var product = [Float](repeating: .nan, count: count)
  var expected = product
  multiply(x, m, into: &product, count: count)
  multiplyReference(x, m, into: &expected, count: count)
  #expect(bitIdentical(product, expected))
  var inPlace = x
  multiplyInPlace(&inPlace, by: m, count: count)
  #expect(bitIdentical(inPlace, expected))
}

@Test(arguments: [0] + raggedCounts)
func clipMaskMatchesReference(count: Int) {
  var x = awkwardFloats(count, seed: UInt64(count) + 30, nan: true)
  if count > 5 {
    x[4] = -0.5  // both bounds exactly
    x[5] = 0.75
  }
  var fast = [Float](repeating: .nan, count: count)
  var reference = [Float](repeating: .nan, count: count)
  clipMask(x, lower: -0.5, upper: 0.75, into: &fast, count: count)
  clipMaskReference(x, lower: -0.5, upper: 0.75, into: &reference, count: count)
  #expect(bitIdentical(fast, reference))
  #expect(fast.allSatisfy { $0 == 0 || $0 == 1 })
}

@Test(arguments: [1, 7, 17, 33], [1, 7, 17, 1023])
func sumRowsMatchesReference(rows: Int, columns: Int) {
  var rng = TestRandom(seed: UInt64(rows * 1000 + columns))
  let x = rng.floats(rows * columns)
  let start = rng.floats(columns)
  for accumulate in [false, true] {
    var fast = accumulate ? start : [Float](repeating: .nan, count: columns)
    var reference = fast
    sumRows(x, rows: rows, columns: columns, into: &fast, accumulate: accumulate)
    sumRowsReference(x, rows: rows, columns: columns, into: &reference, accumulate: accumulate)
    #expect(bitIdentical(fast, reference))
  }
}

@Test func elementwiseHandComputed() {
  var sums: [Float] = [10, 20]
  sumRows([1, 2, 3, 4, 5, 6], rows: 3, columns: 2, into: &sums, accumulate: true)
  #expect(sums == [19, 32])
  sumRows([1, 2, 3, 4, 5, 6], rows: 3, columns: 2, into: &sums, accumulate: false)
  #expect(sums == [9, 12])
  var out = [Float](repeating: 0, count: 3)
  lookUp([2, 0, 255], table: (0..<256).map { Float($0) / 2 }, into: &out, count: 3)
  #expect(out == [1, 0, 127.5])
  var mask = [Float](repeating: .nan, count: 4)
  clipMask([-1, -0.5, 0.75, .nan], lower: -0.5, upper: 0.5, into: &mask, count: 4)
  #expect(mask == [0, 1, 0, 0])
}
