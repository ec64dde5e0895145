import Foundation

/// A training loss over a batch of `n` outputs `y` (`n x K`) and integer labels.
public enum Loss: String, Sendable, CaseIterable {
  /// `L = -(1/n) sum_i log p_i[label_i]`, with `p = y` when the model ends in softmax
  /// (fused: the gradient `(p - onehot) / n` goes straight to the pre-softmax values) and
  /// `p = softmax(y)` otherwise (the outputs are treated as logits).
  case crossEntropy
  /// `L = (1/(n K)) sum_i sum_k (y_ik - onehot_ik)^2`; gradient `2 (y - onehot) / (n K)`.
  case meanSquaredError
}

/// The probability floor inside the log of cross-entropy, so that `log 0` never occurs.
let probabilityFloor: Float = 1e-7

extension Loss {
  /// Loss value summed over the batch (not yet divided by `n`) and, when `gradient` is given,
  /// `dL/dy * gradientScale` per element, where `gradientScale` replaces the `1/n` factor
  /// (`1/n` for mini-batches, `1/N` for full-batch descent).
  ///
  /// - Parameter fusedSoftmax: `y` already holds softmax probabilities and the gradient is
  ///   wanted with respect to the pre-softmax values.
  func evaluate(
    _ y: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count n: Int, classes k: Int,
    fusedSoftmax: Bool, gradient: UnsafeMutablePointer<Float>?, gradientScale: Float
  ) -> Double {
    var total: Double = 0
    switch self {
    case .crossEntropy:
      for i in 0..<n {
        let row = y + i * k
        let label = Int(labels[i])
        if fusedSoftmax {
          total -= Double(log(max(row[label], probabilityFloor)))
          if let gradient {
            let gr = gradient + i * k
            for c in 0..<k { gr[c] = (row[c] - (c == label ? 1 : 0)) * gradientScale }
          }
        } else {
          // Treat the outputs as logits: log-softmax computed stably.
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
      }
    case .meanSquaredError:
      let perElement = 1 / Float(k)
      for i in 0..<n {
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
    }
    return total
  }
}
