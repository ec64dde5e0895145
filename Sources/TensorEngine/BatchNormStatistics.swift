import Kernels

/// Batch-norm re-estimation: exact population statistics of every batch-norm layer's input
/// over a whole split, computed after training.
///
/// Why: during training the running statistics follow the batches as an exponential moving
/// average, `running = m * running + (1 - m) * batch` with `m = 0.99` (Keras' default). That
/// average starts at mean 0, variance 1 and forgets at rate `1 - m`: after `t` steps the start
/// still weighs `m^t` (0.99^188 = 15% after 2 epochs of 3,000 images in batches of 32), and the
/// rest lags the weights by about `1 / (1 - m)` = 100 steps. After short training a model then
/// evaluates far below its training accuracy (50% against 82% in the issue). Re-estimation is
/// the standard cure and leaves no tuning knob: the statistics become those of the final
/// weights on the training data, whatever the number of steps.
///
/// How: batch-norm layers are done in order, one pass over the split each. For layer `k`,
/// the network runs layers `0..<k` in inference mode (earlier batch-norm layers already use
/// their new statistics, as they will at inference), and layer `k`'s input `x` (`rows x C`,
/// `rows = n * H * W` for a conv output) is summed per channel:
/// `mean_c = Σ x / R`, `var_c = Σ (x - shift_c)² / R - (mean_c - shift_c)²` over all `R` rows
/// of the split (the biased variance, as training normalises with), accumulated in `Double`
/// around `shift_c`, the channel's mean in the first batch, so that the subtraction does not
/// cancel. Cost: one inference pass up to each batch-norm layer.
extension Network {
  /// Replaces the running statistics of every batch-norm layer with the population
  /// statistics of its input over `split` (read in split order, `batchCapacity` at a time),
  /// computed with the current weights. Does nothing for a model without batch norm.
  func reestimateBatchNormStatistics(on split: Split, table: [Float]) {
    let order = [Int32](0..<Int32(split.count))
    for k in states.indices {
      guard case .batchNorm = states[k].kind, let mean = states[k].runningMean,
        let variance = states[k].runningVariance
      else { continue }
      let channels = mean.count
      var shift = [Double](repeating: 0, count: channels)
      var sum = [Double](repeating: 0, count: channels)
      var sumOfSquares = [Double](repeating: 0, count: channels)
      let zeros = [Double](repeating: 0, count: channels)
      var unused = zeros
      var rows = 0
      for i in 0..<k { states[i].prepareWeights() }  // the weights the forward pass uses
      for first in stride(from: 0, to: split.count, by: batchCapacity) {
        let n = min(batchCapacity, split.count - first)
        load(split, order: order, first: first, count: n, table: table)
        // Layers 0..<k in inference mode: layer k - 1's visible output is layer k's input.
        forwardSamples(offset: 0, count: n, threads: threads, training: false, layers: 0..<k)
        let x = visibleOutput(k - 1)
        let batchRows = n * states[k].inCount / channels
        if first == 0 {  // the first batch's mean: sums around a zero shift
          shiftedChannelSums(
            x, rows: batchRows, channels: channels, shift: zeros, sum: &shift,
            sumOfSquares: &unused)
          for c in 0..<channels { shift[c] /= Double(max(batchRows, 1)) }
        }
        shiftedChannelSums(
          x, rows: batchRows, channels: channels, shift: shift, sum: &sum,
          sumOfSquares: &sumOfSquares)
        rows += batchRows
      }
      guard rows > 0 else { continue }
      for c in 0..<channels {
        let centred = sum[c] / Double(rows)
        mean.pointer[c] = Float(shift[c] + centred)
        variance.pointer[c] = Float(max(0, sumOfSquares[c] / Double(rows) - centred * centred))
      }
    }
  }
}
