/// The plain reference twins of the batch-norm kernels, one element at a time.

/// Reference twin of `batchNormTrainingForward`.
public func batchNormTrainingForwardReference(
  _ x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>,
  normalized xhat: UnsafeMutablePointer<Float>, rows: Int, channels c: Int,
  _ p: BatchNormChannels, momentum: Float, epsilon: Float
) {
  let (mean, invStd) = (p.mean, p.invStd)
  mean.update(repeating: 0, count: c)
  invStd.update(repeating: 0, count: c)
  for r in 0..<max(0, rows) { for ch in 0..<c { mean[ch] += x[r * c + ch] } }
  for ch in 0..<c { mean[ch] /= Float(rows) }
  for r in 0..<max(0, rows) {
    for ch in 0..<c {
      let d = x[r * c + ch] - mean[ch]
      invStd[ch] += d * d
    }
  }
  for ch in 0..<c {
    let variance = invStd[ch] / Float(rows)
    p.runningMean[ch] = momentum * p.runningMean[ch] + (1 - momentum) * mean[ch]
    p.runningVariance[ch] = momentum * p.runningVariance[ch] + (1 - momentum) * variance
    invStd[ch] = 1 / (variance + epsilon).squareRoot()
  }
  for r in 0..<max(0, rows) {
    for ch in 0..<c {
      let v = (x[r * c + ch] - mean[ch]) * invStd[ch]
      xhat[r * c + ch] = v
      y[r * c + ch] = p.gamma[ch] * v + p.beta[ch]
    }
  }
}

/// Reference twin of `batchNormInferenceForward`.
public func batchNormInferenceForwardReference(
  _ x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>, rows: Int, channels c: Int,
  _ p: BatchNormChannels, epsilon: Float
) {
  for ch in 0..<c {
    p.mean[ch] = p.runningMean[ch]
    p.invStd[ch] = 1 / (p.runningVariance[ch] + epsilon).squareRoot()
  }
  for r in 0..<max(0, rows) {
    for ch in 0..<c {
      y[r * c + ch] = p.gamma[ch] * (x[r * c + ch] - p.mean[ch]) * p.invStd[ch] + p.beta[ch]
    }
  }
}

/// Reference twin of `batchNormBackward`.
public func batchNormBackwardReference(
  _ g: UnsafePointer<Float>, normalized xhat: UnsafePointer<Float>, rows: Int, channels c: Int,
  gamma: UnsafePointer<Float>, invStd: UnsafePointer<Float>,
  sumG: UnsafeMutablePointer<Float>, sumGX: UnsafeMutablePointer<Float>,
  dGamma: UnsafeMutablePointer<Float>, dBeta: UnsafeMutablePointer<Float>, accumulate: Bool,
  gradInput dx: UnsafeMutablePointer<Float>?
) {
  for ch in 0..<c {
    var (sg, sgx): (Float, Float) = (0, 0)
    for r in 0..<max(0, rows) {
      sg += g[r * c + ch]
      sgx += g[r * c + ch] * xhat[r * c + ch]
    }
    (sumG[ch], sumGX[ch]) = (sg, sgx)
    dGamma[ch] = (accumulate ? dGamma[ch] : 0) + sgx
    dBeta[ch] = (accumulate ? dBeta[ch] : 0) + sg
  }
  guard let dx else { return }
  let count = Float(rows)
  for r in 0..<max(0, rows) {
    for ch in 0..<c {
      let i = r * c + ch
      dx[i] = gamma[ch] * invStd[ch] / count * (count * g[i] - sumG[ch] - xhat[i] * sumGX[ch])
    }
  }
}

/// Reference twin of `shiftedChannelSums`.
public func shiftedChannelSumsReference(
  _ x: UnsafePointer<Float>, rows: Int, channels c: Int, shift: UnsafePointer<Double>,
  sum: UnsafeMutablePointer<Double>, sumOfSquares: UnsafeMutablePointer<Double>
) {
  for r in 0..<max(0, rows) {
    for ch in 0..<c {
      let d = Double(x[r * c + ch]) - shift[ch]
      sum[ch] += d
      sumOfSquares[ch] += d * d
    }
  }
}
