import Foundation

/// The losses of a batch of `n` output rows `y` (`n x k`, row-major) against integer labels.
///
/// Each returns the loss summed over the rows (in Double, rows in order) and, when `gradient`
/// is given, writes `dL/dy * gradientScale` for every element. These are plain loops: a loss
/// touches `n x k` values once per batch, next to the `n x k x depth` of the layer before it,
/// so they are their own reference (no faster path).

/// Cross-entropy of softmax probabilities with the gradient taken with respect to the
/// pre-softmax values: `L_i = -log max(y[i, label_i], floor)`, `dL/dz = (y - onehot)`.
public func crossEntropyOfProbabilities(
  _ y: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count n: Int, classes k: Int,
  floor: Float, gradient: UnsafeMutablePointer<Float>?, gradientScale: Float
) -> Double {
  sumOverRows(y, labels: labels, count: n, classes: k, gradient: gradient) { row, label, gr in
    if let gr {
      for c in 0..<k { gr[c] = (row[c] - (c == label ? 1 : 0)) * gradientScale }
    }
    return -Double(log(max(row[label], floor)))
  }
}

/// Cross-entropy of logits through a stable log-softmax: with `s = log sum_c exp(y_c - max)
/// + max`, `L_i = s - y[i, label_i]` and `dL/dy = exp(y - s) - onehot`.
public func softmaxCrossEntropy(
  logits y: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count n: Int, classes k: Int,
  gradient: UnsafeMutablePointer<Float>?, gradientScale: Float
) -> Double {
  sumOverRows(y, labels: labels, count: n, classes: k, gradient: gradient) { row, label, gr in
    var peak = -Float.infinity
    for c in 0..<k { peak = max(peak, row[c]) }
    var sum: Float = 0
    for c in 0..<k { sum += exp(row[c] - peak) }
    let logSum = log(sum) + peak
    if let gr {
      for c in 0..<k { gr[c] = (exp(row[c] - logSum) - (c == label ? 1 : 0)) * gradientScale }
    }
    return Double(logSum - row[label])
  }
}

/// Mean squared error against the one-hot labels: `L_i = (1/k) sum_c (y_ic - onehot_ic)^2`,
/// `dL/dy = 2 (y - onehot) / k`.
public func meanSquaredErrorLoss(
  _ y: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count n: Int, classes k: Int,
  gradient: UnsafeMutablePointer<Float>?, gradientScale: Float
) -> Double {
  let perElement = 1 / Float(k)
  return sumOverRows(y, labels: labels, count: n, classes: k, gradient: gradient) {
    row, label, gr in
    var sum: Float = 0
    for c in 0..<k {
      let d = row[c] - (c == label ? 1 : 0)
      sum += d * d
      gr?[c] = 2 * d * perElement * gradientScale
    }
    return Double(sum * perElement)
  }
}

/// `Σ_i loss(row i, label i, gradient row i)` over the `n` rows, in Double and in row order.
@inline(__always)
private func sumOverRows(
  _ y: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count n: Int, classes k: Int,
  gradient: UnsafeMutablePointer<Float>?,
  _ loss: (UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>?) -> Double
) -> Double {
  var total: Double = 0
  for i in 0..<max(0, n) { total += loss(y + i * k, Int(labels[i]), gradient.map { $0 + i * k }) }
  return total
}
