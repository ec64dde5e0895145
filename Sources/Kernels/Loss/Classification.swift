/// Predicted classes of output rows: the index of each row's first maximum (NaN never wins a
/// comparison, so a NaN is never chosen unless it is the first element), and the count of rows
/// whose prediction is the label. The plain twin is `indexOfMaximumReference`.

/// The index of the first maximum of `row[0..<count]` (0 when `count <= 1`). Eight elements at
/// a time: a block is scanned one by one only when one of its elements beats the best so far,
/// so the result is the reference's (`row[j] > row[best]`, in order) exactly.
public func indexOfMaximum(_ row: UnsafePointer<Float>, count: Int) -> Int {
  var best = 0
  var c = 1
  while c + 8 <= count {
    if any(load8(row + c) .> Float8(repeating: row[best])) {
      for j in c..<c + 8 where row[j] > row[best] { best = j }
    }
    c += 8
  }
  for j in c..<max(c, count) where row[j] > row[best] { best = j }
  return best
}

/// How many rows of `y` (`n x classes`, row-major) have their first maximum at `labels[i]`.
public func countCorrect(
  _ y: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count n: Int, classes: Int
) -> Int {
  var correct = 0
  for i in 0..<max(0, n) where indexOfMaximum(y + i * classes, count: classes) == Int(labels[i]) {
    correct += 1
  }
  return correct
}

/// Reference twin of `indexOfMaximum`: one element at a time.
public func indexOfMaximumReference(_ row: UnsafePointer<Float>, count: Int) -> Int {
  var best = 0
  for c in 1..<max(count, 1) where row[c] > row[best] { best = c }
  return best
}
