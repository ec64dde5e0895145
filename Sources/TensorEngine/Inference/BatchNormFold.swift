/// Folding an inference batch norm into the linear layer before it (shared by the inference
/// path and Quantization's `foldBatchNorms`).
///
/// With `sigma_c = sqrt(variance_c + epsilon)` and per output channel `c` (the last weight
/// axis): `W'[..., c] = W[..., c] * gamma_c / sigma_c` and
/// `b'_c = (b_c - mean_c) * gamma_c / sigma_c + beta_c`. The folded layer computes what the
/// pair did at inference, up to float rounding.
public enum BatchNormFold {
  /// The folded `(weights, bias)`: `weights` has `channels` as its last (fastest) axis,
  /// `bias`, `gamma`, `beta`, `mean`, `variance` have `channels` values (`bias` may be nil:
  /// zeros).
  public static func fold(
    weights: [Float], bias: [Float]?, gamma: [Float], beta: [Float], mean: [Float],
    variance: [Float], epsilon: Float
  ) -> (weights: [Float], bias: [Float]) {
    let channels = gamma.count
    let factor = (0..<channels).map { gamma[$0] / (variance[$0] + epsilon).squareRoot() }
    var folded = weights
    for i in folded.indices { folded[i] *= factor[i % channels] }
    let b = bias ?? [Float](repeating: 0, count: channels)
    let newBias = (0..<channels).map { (b[$0] - mean[$0]) * factor[$0] + beta[$0] }
    return (folded, newBias)
  }
}
