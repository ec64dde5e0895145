import Foundation
import HTMLReport

/// How far an accuracy measured on n test images can move by chance: 95% intervals.
///
/// - One accuracy p on n images (a binomial proportion): standard error
///   `SE = sqrt(p (1 - p) / n)`, interval `p ± 1.96 SE` (the normal approximation; on 10,000
///   images at p = 0.88 that is ± 0.64 points).
/// - The difference of two models on the *same* images (paired, McNemar-style): only the
///   images where exactly one of them is right carry information. With `b` = images only the
///   first gets right, `c` = images only the second gets right, the difference is
///   `d = (c - b) / n` and its standard error `SE = sqrt(b + c - (c - b)² / n) / n`; interval
///   `d ± 1.96 SE`. Two models that disagree on few images get a narrow interval, far narrower
///   than two independent accuracies would give — which is why agreement is the sharper measure.
enum AccuracyNoise {
  /// The normal quantile of a two-sided 95% interval.
  static let z95 = 1.96

  /// Half the width of the 95% interval of one accuracy `p` on `n` images.
  static func halfWidth(accuracy p: Double, count n: Int) -> Double {
    guard n > 0 else { return .nan }
    return z95 * (p * (1 - p) / Double(n)).squareRoot()
  }

  /// The paired difference (second − first) of two models' accuracies on the same images and
  /// the half width of its 95% interval; nil when the arrays do not line up.
  static func paired(first: [Int], second: [Int], labels: [Int]) -> (
    difference: Double, halfWidth: Double
  )? {
    let n = labels.count
    guard n > 0, first.count == n, second.count == n else { return nil }
    var onlyFirst = 0
    var onlySecond = 0
    for i in 0..<n {
      let a = first[i] == labels[i]
      let b = second[i] == labels[i]
      if a && !b { onlyFirst += 1 }
      if b && !a { onlySecond += 1 }
    }
    let b = Double(onlyFirst)
    let c = Double(onlySecond)
    let count = Double(n)
    let variance = max(0, b + c - (c - b) * (c - b) / count)
    return ((c - b) / count, z95 * variance.squareRoot() / count)
  }

  /// `+0.02 ± 0.31 points` for a difference of accuracies (fractions).
  static func differenceText(_ difference: Double, _ halfWidth: Double) -> String {
    let sign = difference >= 0 ? "+" : "−"
    return sign + Format.fixed(abs(difference) * 100, decimals: 2) + " ± "
      + Format.fixed(halfWidth * 100, decimals: 2) + " points"
  }

  /// `± 0.64` (points) for one accuracy.
  static func intervalText(accuracy: Double, count: Int) -> String {
    "± " + Format.fixed(halfWidth(accuracy: accuracy, count: count) * 100, decimals: 2)
  }
}
