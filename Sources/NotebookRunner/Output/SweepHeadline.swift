import HTMLReport

/// The index's headline for a sweep: its best row, unless the runner-up is within the noise.
///
/// The best and second-best accuracies are compared on the same test images with the paired
/// interval (`AccuracyNoise.paired`): when the difference's 95% interval reaches 0 the
/// headline says "tied within noise" and names both rows instead of crowning one.
enum SweepHeadline {
  static func headline(_ sweep: Sweep) -> (name: String, value: String)? {
    let ranked = sweep.rows.sorted {
      $0.metrics.evaluation.accuracy > $1.metrics.evaluation.accuracy
    }
    guard let best = ranked.first else { return nil }
    let accuracy = Format.percent(best.metrics.evaluation.accuracy, decimals: 2)
    func key(_ row: Sweep.Row) -> String {
      zip(sweep.variables, row.key).map { "\($0.0) = \($0.1.inlineText)" }.joined(
        separator: ", ")
    }
    if ranked.count > 1 {
      let second = ranked[1]
      if let delta = AccuracyNoise.paired(
        first: second.metrics.evaluation.predictions, second: best.metrics.evaluation.predictions,
        labels: best.metrics.labels), best.metrics.labels == second.metrics.labels,
        delta.difference <= delta.halfWidth
      {
        return (
          "tied within noise (\(key(best)); \(key(second)))",
          accuracy + " vs " + Format.percent(second.metrics.evaluation.accuracy, decimals: 2)
        )
      }
    }
    return ("best of sweep (\(key(best)))", accuracy)
  }
}
