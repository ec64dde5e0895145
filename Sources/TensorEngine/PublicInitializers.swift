extension Evaluation {
  /// The figures of predicted classes against true labels, for models that run outside the
  /// engine (the integer engine): accuracy, per-class accuracy, `confusion[true][predicted]`.
  /// `loss` is whatever the caller measured (NaN when it computed none).
  public init(predictions: [Int], labels: [UInt8], classes: Int, loss: Double = .nan) {
    var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
    for (p, l) in zip(predictions, labels) where Int(l) < classes && p >= 0 && p < classes {
      confusion[Int(l)][p] += 1
    }
    let correct = (0..<classes).reduce(0) { $0 + confusion[$1][$1] }
    self.init(
      accuracy: predictions.isEmpty ? 0 : Double(correct) / Double(predictions.count), loss: loss,
      perClassAccuracy: confusion.enumerated().map { c, row in
        let n = row.reduce(0, +)
        return n == 0 ? .nan : Double(row[c]) / Double(n)
      },
      confusion: confusion, predictions: predictions)
  }
}
