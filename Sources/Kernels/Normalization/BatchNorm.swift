/// Batch normalisation over the last axis of a `rows x C` row-major block, eight channels at a
/// time; plain twins in BatchNormReference.swift.
///
/// Training: `mean_c = sum_r x / R`, biased `var_c = sum_r (x - mean_c)^2 / R`,
/// `invStd_c = 1 / sqrt(var_c + eps)`, `xhat = (x - mean) invStd`, `y = gamma xhat + beta`;
/// the running statistics move by `momentum` (`running = m running + (1 - m) batch`).
/// Inference: `y = gamma (x - runningMean) invStd + beta` with `invStd` of the running variance.
/// Backward: `dgamma += sum_r g xhat`, `dbeta += sum_r g`,
/// `dx = gamma invStd / R (R g - sum_r g - xhat sum_r g xhat)`.
/// Every element takes its reference twin's operations in the same order (sums over rows in
/// row order), so fast and reference agree bit for bit.

/// The per-channel vectors of one batch-norm layer, `C` floats each.
public struct BatchNormChannels {
  /// Scale and shift.
  public let gamma: UnsafePointer<Float>
  public let beta: UnsafePointer<Float>
  /// The running statistics: read by inference, moved by training.
  public let runningMean: UnsafeMutablePointer<Float>
  public let runningVariance: UnsafeMutablePointer<Float>
  /// Written by forward: the mean and `1 / sqrt(var + eps)` it normalised with.
  public let mean: UnsafeMutablePointer<Float>
  public let invStd: UnsafeMutablePointer<Float>

  public init(
    gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
    runningMean: UnsafeMutablePointer<Float>, runningVariance: UnsafeMutablePointer<Float>,
    mean: UnsafeMutablePointer<Float>, invStd: UnsafeMutablePointer<Float>
  ) {
    (self.gamma, self.beta) = (gamma, beta)
    (self.runningMean, self.runningVariance) = (runningMean, runningVariance)
    (self.mean, self.invStd) = (mean, invStd)
  }
}

/// Training forward on a whole batch (`rows x C` in `x`, `y` and `normalized`, which keeps
/// `xhat` for backward): batch statistics, the running statistics' update, `y`.
public func batchNormTrainingForward(
  _ x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>,
  normalized xhat: UnsafeMutablePointer<Float>, rows: Int, channels c: Int,
  _ p: BatchNormChannels, momentum: Float, epsilon: Float
) {
  let (mean, invStd) = (p.mean, p.invStd)
  mean.update(repeating: 0, count: c)
  invStd.update(repeating: 0, count: c)  // the squared deviations' sums, first
  forEachChannelBlock(rows: rows, channels: c, width: 8) { i, ch, n in
    storeLanes(loadLanes(mean + ch, n) + loadLanes(x + i, n) as Float8, mean + ch, n)
  }
  forEachChannelBlock(rows: 1, channels: c, width: 8) { _, ch, n in
    storeLanes(loadLanes(mean + ch, n) / Float8(repeating: Float(rows)), mean + ch, n)
  }
  forEachChannelBlock(rows: rows, channels: c, width: 8) { i, ch, n in
    let d: Float8 = loadLanes(x + i, n) - loadLanes(mean + ch, n)
    storeLanes(loadLanes(invStd + ch, n) + d * d, invStd + ch, n)
  }
  let m = Float8(repeating: momentum)
  let keep = Float8(repeating: 1 - momentum)
  forEachChannelBlock(rows: 1, channels: c, width: 8) { _, ch, n in
    let variance = loadLanes(invStd + ch, n) / Float8(repeating: Float(rows))
    let batchMean: Float8 = loadLanes(mean + ch, n)
    let runMean: Float8 = loadLanes(p.runningMean + ch, n)
    let runVar: Float8 = loadLanes(p.runningVariance + ch, n)
    storeLanes(m * runMean + keep * batchMean, p.runningMean + ch, n)
    storeLanes(m * runVar + keep * variance, p.runningVariance + ch, n)
    storeLanes(1 / (variance + epsilon).squareRoot(), invStd + ch, n)
  }
  forEachChannelBlock(rows: rows, channels: c, width: 8) { i, ch, n in
    let v = (loadLanes(x + i, n) - loadLanes(mean + ch, n)) * loadLanes(invStd + ch, n) as Float8
    storeLanes(v, xhat + i, n)
    storeLanes(loadLanes(p.gamma + ch, n) * v + loadLanes(p.beta + ch, n), y + i, n)
  }
}

/// Inference forward with the running statistics (`p.mean`, `p.invStd` are set from them).
public func batchNormInferenceForward(
  _ x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>, rows: Int, channels c: Int,
  _ p: BatchNormChannels, epsilon: Float
) {
  forEachChannelBlock(rows: 1, channels: c, width: 8) { _, ch, n in
    let runVar: Float8 = loadLanes(p.runningVariance + ch, n)
    storeLanes(loadLanes(p.runningMean + ch, n) as Float8, p.mean + ch, n)
    storeLanes(1 / (runVar + epsilon).squareRoot(), p.invStd + ch, n)
  }
  forEachChannelBlock(rows: rows, channels: c, width: 8) { i, ch, n in
    let centred: Float8 = loadLanes(x + i, n) - loadLanes(p.mean + ch, n)
    let scaled: Float8 = loadLanes(p.gamma + ch, n) * centred * loadLanes(p.invStd + ch, n)
    storeLanes(scaled + loadLanes(p.beta + ch, n), y + i, n)
  }
}

/// Backward from `g` (`rows x C`) and the training forward's `xhat`: adds the batch's
/// `dgamma`, `dbeta` (or writes them when `accumulate` is false) and writes `dx` when given.
/// `sumG`, `sumGX` (`C` each) receive `sum_r g` and `sum_r g xhat`.
public func batchNormBackward(
  _ g: UnsafePointer<Float>, normalized xhat: UnsafePointer<Float>, rows: Int, channels c: Int,
  gamma: UnsafePointer<Float>, invStd: UnsafePointer<Float>,
  sumG: UnsafeMutablePointer<Float>, sumGX: UnsafeMutablePointer<Float>,
  dGamma: UnsafeMutablePointer<Float>, dBeta: UnsafeMutablePointer<Float>, accumulate: Bool,
  gradInput dx: UnsafeMutablePointer<Float>?
) {
  if !accumulate {
    dGamma.update(repeating: 0, count: c)
    dBeta.update(repeating: 0, count: c)
  }
  sumG.update(repeating: 0, count: c)
  sumGX.update(repeating: 0, count: c)
  forEachChannelBlock(rows: rows, channels: c, width: 8) { i, ch, n in
    let gi: Float8 = loadLanes(g + i, n)
    storeLanes(loadLanes(sumG + ch, n) + gi, sumG + ch, n)
    storeLanes(loadLanes(sumGX + ch, n) + gi * loadLanes(xhat + i, n), sumGX + ch, n)
  }
  forEachChannelBlock(rows: 1, channels: c, width: 8) { _, ch, n in
    storeLanes(loadLanes(dGamma + ch, n) + loadLanes(sumGX + ch, n) as Float8, dGamma + ch, n)
    storeLanes(loadLanes(dBeta + ch, n) + loadLanes(sumG + ch, n) as Float8, dBeta + ch, n)
  }
  guard let dx else { return }
  let count = Float8(repeating: Float(rows))
  forEachChannelBlock(rows: rows, channels: c, width: 8) { i, ch, n in
    let scale = loadLanes(gamma + ch, n) * loadLanes(invStd + ch, n) / count
    let sg: Float8 = loadLanes(sumG + ch, n)
    let sgx: Float8 = loadLanes(sumGX + ch, n)
    storeLanes(scale * (count * loadLanes(g + i, n) - sg - loadLanes(xhat + i, n) * sgx), dx + i, n)
  }
}

/// Per-channel sums in `Double` around a shift (population statistics of a whole split, one
/// batch at a time): `sum_c += x - shift_c`, `sumOfSquares_c += (x - shift_c)^2` over the
/// `rows x C` block, rows in order; four channels at a time.
public func shiftedChannelSums(
  _ x: UnsafePointer<Float>, rows: Int, channels c: Int, shift: UnsafePointer<Double>,
  sum: UnsafeMutablePointer<Double>, sumOfSquares: UnsafeMutablePointer<Double>
) {
  forEachChannelBlock(rows: rows, channels: c, width: 4) { i, ch, n in
    var v = SIMD4<Double>()
    for lane in 0..<n { v[lane] = Double(x[i + lane]) }
    let d = v - loadLanes(shift + ch, n)
    storeLanes(loadLanes(sum + ch, n) + d, sum + ch, n)
    storeLanes(loadLanes(sumOfSquares + ch, n) + d * d, sumOfSquares + ch, n)
  }
}
