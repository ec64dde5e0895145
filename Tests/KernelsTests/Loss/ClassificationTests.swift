import Testing

@testable import Kernels

/// Rows with ties, NaN (first or later) and the maximum in every position, widths around the
/// vector width: the fast scan must pick the reference's index every time.
@Test(arguments: [0, 1, 2, 7, 8, 9, 10, 17, 33, 1023])
func indexOfMaximumMatchesReference(count: Int) {
  var rng = TestRandom(seed: UInt64(count) + 50)
  for trial in 0..<40 {
    var row = rng.floats(count).map { ($0 * 4).rounded() }  // few values: many ties
    if count > 0, trial % 5 == 1 { row[rng.int(in: 0...count - 1)] = .nan }
    if count > 0, trial % 5 == 2 { row[0] = .nan }
    if count > 0, trial % 5 == 3 { row[rng.int(in: 0...count - 1)] = 9 }
    if trial % 5 == 4 { row = row.map { _ in -.infinity } }
    #expect(indexOfMaximum(row, count: count) == indexOfMaximumReference(row, count: count))
  }
}

@Test func classificationHandComputed() {
  #expect(indexOfMaximum([1, 3, 2, 3], count: 4) == 1)  // the first of a tie
  #expect(indexOfMaximum([.nan, 5, 6], count: 3) == 0)  // nothing beats a leading NaN
  let wide: [Float] = (0..<20).map { $0 == 13 || $0 == 17 ? 1 : 0 }
  #expect(indexOfMaximum(wide, count: 20) == 13)
  // Rows predict 1, 0, 2; labels 1, 1, 2: two right.
  let y: [Float] = [0, 1, 0, 5, 4, 3, 0.1, 0.2, 0.3]
  #expect(countCorrect(y, labels: [1, 1, 2], count: 3, classes: 3) == 2)
  #expect(countCorrect(y, labels: [1, 1, 2], count: 0, classes: 3) == 0)
}
