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
  var total: Double = 0
  for i in 0..<max(0, n) {
    let row = y + i * k
    let label = Int(labels[i])
    total -= Double(log(max(row[label], floor)))
    if let gradient {
      let gr = gradient + i * k
      for c in 0..<k { gr[c] = (row[c] - (c == label ? 1 : 0)) * gradientScale }
    }
  }
  return total
}

/// Cross-entropy of logits through a stable log-softmax: with `s = log sum_c exp(y_c - max)
/// + max`, `L_i = s - y[i, label_i]` and `dL/dy = exp(y - s) - onehot`.
public func softmaxCrossEntropy(
  logits y: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count n: Int, classes k: Int,
  gradient: UnsafeMutablePointer<Float>?, gradientScale: Float
) -> Double {
  var total: Double = 0
  for i in 0..<max(0, n) {
    let row = y + i * k
    let label = Int(labels[i])
    var peak = -Float.infinity
    for c in 0..<k { peak = max(peak, row[c]) }
    var sum: Float = 0
    for c in 0..<k { sum += exp(row[c] - peak) }
    let logSum = log(sum) + peak
    total += Double(logSum - row[label])
    if let gradient {
      let gr = gradient + i * k
      for c in 0..<k {
        gr[c] = (exp(row[c] - logSum) - (c == label ? 1 : 0)) * gradientScale
      }
    }
  }
  return total
}

/// Mean squared error against the one-hot labels: `L_i = (1/k) sum_c (y_ic - onehot_ic)^2`,
/// `dL/dy = 2 (y - onehot) / k`.
public func meanSquaredErrorLoss(
  _ y: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count n: Int, classes k: Int,
  gradient: UnsafeMutablePointer<Float>?, gradientScale: Float
) -> Double {
  var total: Double = 0
  let perElement = 1 / Float(k)
  for i in 0..<max(0, n) {
    let row = y + i * k
    let label = Int(labels[i])
    var sum: Float = 0
    for c in 0..<k {
      let d = row[c] - (c == label ? 1 : 0)
      sum += d * d
      gradient?[i * k + c] = 2 * d * perElement * gradientScale
    }
    total += Double(sum * perElement)
  }
  return total
}
