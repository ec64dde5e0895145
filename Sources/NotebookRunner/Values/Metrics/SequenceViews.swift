import HTMLReport
import TensorEngine

/// Views of results on token data (the word set): accuracy by word length, and the
/// `misclassified` step's table of wrong predictions with the words themselves.
enum SequenceViews {
  /// Each sample's length (tokens before the first padding) and whether `evaluation`
  /// predicted it right, for a token split; nil for images.
  static func lengths(_ split: NamedSplit, _ evaluation: Evaluation)
    -> (lengths: [Int], correct: [Int])?
  {
    let shape = split.split.imageShape
    guard shape.count == 1, evaluation.predictions.count == split.split.count else { return nil }
    let steps = shape[0]
    let lengths = split.split.images.withUnsafeBufferPointer { bytes in
      (0..<split.split.count).map { s in
        var n = 0
        while n < steps && bytes[s * steps + n] != 0 { n += 1 }
        return n
      }
    }
    let correct = (0..<split.split.count).map {
      evaluation.predictions[$0] == Int(split.split.labels[$0]) ? 1 : 0
    }
    return (lengths, correct)
  }

  /// A table (length, words, accuracy) and a bar chart of the accuracy per sequence length.
  static func accuracyByLength(
    _ m: MetricsValue, _ samples: (lengths: [Int], correct: [Int])
  ) -> [CellOutput] {
    var total: [Int: Int] = [:]
    var correct: [Int: Int] = [:]
    for (length, right) in zip(samples.lengths, samples.correct) {
      total[length, default: 0] += 1
      correct[length, default: 0] += right
    }
    let found = total.keys.sorted()
    let accuracy = found.map { Double(correct[$0] ?? 0) / Double(total[$0]!) }
    let table = Table(
      caption: "Accuracy of \(m.modelLabel) by word length",
      columns: .numeric(["letters", "words", "accuracy"]),
      rows: found.indices.map { i in
        [
          String(found[i]), Format.count(total[found[i]]!),
          Format.percent(accuracy[i], decimals: 1),
        ]
      })
    let chart = Chart.bar(
      title: "Accuracy by word length",
      description: "Test accuracy of \(m.modelLabel) for the words of each length.",
      categories: found.map(String.init), categoryLabel: "letters",
      value: Axis("accuracy (%)", domain: 0...100),
      series: [.init("accuracy", accuracy.map { $0 * 100 })])
    return [.table(table), .chart(chart)]
  }

  /// The first `count` wrongly predicted samples of `split`: word (or sample index), true and
  /// predicted class, and the predicted class's probability when the model ends in softmax.
  static func misclassified(
    _ evaluation: Evaluation, split: NamedSplit, model: String, count: Int
  ) -> TableValue {
    let labels = split.split.labels
    var rows: [[String]] = []
    var wrong = 0
    for s in 0..<min(evaluation.predictions.count, labels.count)
    where evaluation.predictions[s] != Int(labels[s]) {
      wrong += 1
      guard rows.count < count else { continue }
      let name = { (c: Int) in c < split.classNames.count ? split.classNames[c] : String(c) }
      rows.append([
        split.words?[s] ?? "#\(s)", name(Int(labels[s])), name(evaluation.predictions[s]),
      ])
    }
    let what = split.words == nil ? "sample" : "word"
    return TableValue(
      table: Table(
        caption:
          "Misclassified by \(model) on \(split.name): the first \(rows.count) of "
          + "\(Format.count(wrong)) (of \(Format.count(labels.count)))",
        columns: [.init(what), .init("true class"), .init("predicted")], rows: rows))
  }
}
