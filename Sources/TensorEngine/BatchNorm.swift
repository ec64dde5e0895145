/// Batch normalisation over the last axis (C channels; `rows = n * outCount / C`).
///
/// Training: `mean_c`, biased `var_c` over rows; `xhat = (x - mean) / sqrt(var + eps)`;
/// `y = gamma xhat + beta`; running statistics move by `momentum`
/// (`running = momentum * running + (1 - momentum) * batch`). Inference uses the running
/// statistics, which `train` replaces at the end with exact population statistics
/// (`Network.reestimateBatchNormStatistics`: the moving average lags after few steps). Backward: `dgamma = sum g xhat`, `dbeta = sum g`,
/// `dx = gamma / (N sqrt(var + eps)) (N g - dbeta - xhat dgamma)`.
enum BatchNorm {
  static func forward(
    _ s: LayerState, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int,
    training: Bool, momentum: Float, epsilon: Float
  ) {
    let c = s.outShape[s.outShape.count - 1]
    let rows = n * s.outCount / c
    let gamma = s.forwardWeight!.pointer
    let beta = s.bias!.pointer
    let mean = s.batchMean!.pointer
    let invStd = s.batchInvStd!.pointer
    if training {
      mean.update(repeating: 0, count: c)
      invStd.update(repeating: 0, count: c)
      for r in 0..<rows { for ch in 0..<c { mean[ch] += x[r * c + ch] } }
      for ch in 0..<c { mean[ch] /= Float(rows) }
      for r in 0..<rows {
        for ch in 0..<c {
          let d = x[r * c + ch] - mean[ch]
          invStd[ch] += d * d
        }
      }
      let runMean = s.runningMean!.pointer
      let runVar = s.runningVariance!.pointer
      for ch in 0..<c {
        let variance = invStd[ch] / Float(rows)
        runMean[ch] = momentum * runMean[ch] + (1 - momentum) * mean[ch]
        runVar[ch] = momentum * runVar[ch] + (1 - momentum) * variance
        invStd[ch] = 1 / (variance + epsilon).squareRoot()
      }
      let xhat = s.normalized!.pointer
      for r in 0..<rows {
        for ch in 0..<c {
          let v = (x[r * c + ch] - mean[ch]) * invStd[ch]
          xhat[r * c + ch] = v
          y[r * c + ch] = gamma[ch] * v + beta[ch]
        }
      }
    } else {
      let runMean = s.runningMean!.pointer
      let runVar = s.runningVariance!.pointer
      for ch in 0..<c {
        mean[ch] = runMean[ch]
        invStd[ch] = 1 / (runVar[ch] + epsilon).squareRoot()
      }
      for r in 0..<rows {
        for ch in 0..<c {
          y[r * c + ch] = gamma[ch] * (x[r * c + ch] - mean[ch]) * invStd[ch] + beta[ch]
        }
      }
    }
  }

  static func backward(
    _ s: LayerState, _ g: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>?, count n: Int,
    accumulate: Bool
  ) {
    let c = s.outShape[s.outShape.count - 1]
    let rows = n * s.outCount / c
    let gamma = s.forwardWeight!.pointer
    let invStd = s.batchInvStd!.pointer
    let xhat = s.normalized!.pointer
    let dGamma = s.weightGrad!.pointer
    let dBeta = s.biasGrad!.pointer
    if !accumulate {
      dGamma.update(repeating: 0, count: c)
      dBeta.update(repeating: 0, count: c)
    }
    // Per-batch sums first (kept separate so accumulation across batches stays correct);
    // `batchMean` is free by now (backward needs only `xhat` and `invStd`) and holds sum g.
    let sumG = s.batchMean!.pointer
    let sumGX = s.normalizedScratch!.pointer
    sumG.update(repeating: 0, count: c)
    sumGX.update(repeating: 0, count: c)
    for r in 0..<rows {
      for ch in 0..<c {
        sumG[ch] += g[r * c + ch]
        sumGX[ch] += g[r * c + ch] * xhat[r * c + ch]
      }
    }
    for ch in 0..<c {
      dGamma[ch] += sumGX[ch]
      dBeta[ch] += sumG[ch]
    }
    guard let dx else { return }
    let count = Float(rows)
    for r in 0..<rows {
      for ch in 0..<c {
        let i = r * c + ch
        dx[i] = gamma[ch] * invStd[ch] / count * (count * g[i] - sumG[ch] - xhat[i] * sumGX[ch])
      }
    }
  }
}
