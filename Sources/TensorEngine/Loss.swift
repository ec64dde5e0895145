import Kernels

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
    switch self {
    case .crossEntropy:
      if fusedSoftmax {
        return crossEntropyOfProbabilities(
          y, labels: labels, count: n, classes: k, floor: probabilityFloor, gradient: gradient,
          gradientScale: gradientScale)
      }
      // Treat the outputs as logits: log-softmax computed stably.
      return softmaxCrossEntropy(
        logits: y, labels: labels, count: n, classes: k, gradient: gradient,
        gradientScale: gradientScale)
    case .meanSquaredError:
      return meanSquaredErrorLoss(
        y, labels: labels, count: n, classes: k, gradient: gradient, gradientScale: gradientScale)
    }
  }
}
