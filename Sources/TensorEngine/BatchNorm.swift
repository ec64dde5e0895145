import Kernels

/// Batch normalisation over the last axis (C channels; `rows = n * outCount / C`): the layer's
/// buffers handed to Kernels' `batchNormTrainingForward`, `batchNormInferenceForward` and
/// `batchNormBackward` (formulas there). Inference uses the running statistics, which `train`
/// replaces at the end with exact population statistics
/// (`Network.reestimateBatchNormStatistics`: the moving average lags after few steps).
extension LayerState {
  /// The channel count and the rows of `n` samples.
  private func batchNormRows(_ n: Int) -> (rows: Int, channels: Int) {
    let c = outShape[outShape.count - 1]
    return (n * outCount / c, c)
  }

  func batchNormForward(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int, training: Bool,
    momentum: Float, epsilon: Float
  ) {
    let (rows, c) = batchNormRows(n)
    let p = BatchNormChannels(
      gamma: forwardWeight!.pointer, beta: bias!.pointer, runningMean: runningMean!.pointer,
      runningVariance: runningVariance!.pointer, mean: batchMean!.pointer,
      invStd: batchInvStd!.pointer)
    if training {
      batchNormTrainingForward(
        x, output: y, normalized: normalized!.pointer, rows: rows, channels: c, p,
        momentum: momentum, epsilon: epsilon)
    } else {
      batchNormInferenceForward(x, output: y, rows: rows, channels: c, p, epsilon: epsilon)
    }
  }

  /// `batchMean` is free during backward (it needs only `xhat` and `invStd`) and holds the
  /// per-batch `sum g`; the sums are kept apart from the gradients so that accumulation
  /// across batches stays correct.
  func batchNormBackward(
    _ g: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>?, count n: Int, accumulate: Bool
  ) {
    let (rows, c) = batchNormRows(n)
    Kernels.batchNormBackward(
      g, normalized: normalized!.pointer, rows: rows, channels: c,
      gamma: forwardWeight!.pointer, invStd: batchInvStd!.pointer, sumG: batchMean!.pointer,
      sumGX: normalizedScratch!.pointer, dGamma: weightGrad!.pointer, dBeta: biasGrad!.pointer,
      accumulate: accumulate, gradInput: dx)
  }
}
