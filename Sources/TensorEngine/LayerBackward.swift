import Kernels

extension LayerState {
  /// Back-propagates `gradOutput` (samples `offset..<offset + n`, `n x outCount`, overwritten
  /// as scratch) into the weight and bias gradients and, when the layer has one, `gradInput`
  /// (same samples, `n x inCount`). `input` points at the same samples of the layer's input.
  /// The gradients go to `weightGradient` / `biasGradient` (`weightGrad` / `biasGrad` by
  /// default), added to what they hold when `accumulate` is set. `reluBelow` (max pool only)
  /// folds in the ReLU backward of the layer below, which must then skip its own (see
  /// Kernels' `maxPoolReLUBackward`). Disjoint sample ranges
  /// with their own gradient buffers may run concurrently (batch norm: whole batches only).
  ///
  /// Conv: `dW = colsᵀ g`, `db = sum_rows g`, `dCols = g Wᵀ`, `dx = col2im(dCols)`.
  /// Dense: `dW = xᵀ g`, `db = sum_rows g`, `dx = g Wᵀ`. Embedding: rows of `g` added to
  /// the token's row of `dW`. Recurrent: back-propagation through time (`recurrentBackward`).
  func backward(
    gradOutput g: UnsafeMutablePointer<Float>, input x: UnsafeMutablePointer<Float>,
    offset: Int = 0, count n: Int, skipActivation: Bool, accumulate: Bool, threads: Int,
    reluBelow: Bool = false,
    weightGradient: UnsafeMutablePointer<Float>? = nil,
    biasGradient: UnsafeMutablePointer<Float>? = nil
  ) {
    let y = output.pointer + offset * outCount
    let dx = gradInput.map { $0.pointer + offset * inCount }
    let dW = weightGradient ?? weightGrad?.pointer
    let dB = biasGradient ?? biasGrad?.pointer
    let beta: Float = accumulate ? 1 : 0
    if !skipActivation, kind.activation != .linear {
      let cols = outShape[outShape.count - 1]
      let activation = kind.activation
      Parallel.slices(n, threads: threads, costPerItem: outCount) { samples in
        let offset = samples.lowerBound * outCount
        activationBackward(
          g + offset, output: y + offset, count: samples.count * outCount, columns: cols,
          activation: activation)
      }
    }
    switch kind {
    case .conv2d(let filters, _, _, _, _):
      let geo = windowGeometry(batch: n)
      let cols = columns!.pointer + offset * columnsPerSample
      sgemm(
        .transposed, .none, m: geo.patchSize, n: filters, k: geo.patchCount, a: cols,
        lda: geo.patchSize, b: g, ldb: filters, beta: beta, c: dW!, ldc: filters,
        threads: threads)
      sumRows(g, rows: geo.patchCount, columns: filters, into: dB!, accumulate: accumulate)
      if let dx {
        // The columns are no longer needed: reuse them for the column gradient.
        sgemm(
          .none, .transposed, m: geo.patchCount, n: geo.patchSize, k: filters, a: g, lda: filters,
          b: forwardWeight!.pointer, ldb: filters, c: cols, ldc: geo.patchSize, threads: threads)
        col2im(geo, columns: cols, output: dx, threads: threads)
      }
    case .dense(let units, _):
      sgemm(
        .transposed, .none, m: inCount, n: units, k: n, a: x, lda: inCount, b: g, ldb: units,
        beta: beta, c: dW!, ldc: units, threads: threads)
      sumRows(g, rows: n, columns: units, into: dB!, accumulate: accumulate)
      if let dx {
        sgemm(
          .none, .transposed, m: n, n: inCount, k: units, a: g, lda: units,
          b: forwardWeight!.pointer, ldb: units, c: dx, ldc: inCount, threads: threads)
      }
    case .maxPool:
      if let dx {
        let geometry = windowGeometry(batch: n)
        let indices = argmax!.pointer + offset * outCount
        if reluBelow {
          maxPoolReLUBackward(
            geometry, gradOutput: g, pooled: y, argmax: indices, gradInput: dx, threads: threads)
        } else {
          maxPoolBackward(
            geometry, gradOutput: g, argmax: indices, gradInput: dx, threads: threads)
        }
      }
    case .avgPool:
      if let dx {
        avgPoolBackward(windowGeometry(batch: n), gradOutput: g, gradInput: dx, threads: threads)
      }
    case .flatten, .activation:
      dx?.update(from: g, count: n * outCount)
    case .dropout(let rate):
      if let dx {
        if rate > 0, let mask = dropoutMask?.pointer {
          multiply(g, mask + offset * outCount, into: dx, count: n * outCount)
        } else {
          dx.update(from: g, count: n * outCount)
        }
      }
    case .batchNorm:
      precondition(offset == 0 && weightGradient == nil, "batch norm trains on whole batches")
      batchNormBackward(g, dx, count: n, accumulate: accumulate)
    case .embedding(let vocabulary, let width):
      embeddingBackward(
        tokens: x, count: n * inCount, gradOutput: g, vocabulary: vocabulary, width: width,
        tableGradient: dW!, accumulate: accumulate)
      dx?.update(repeating: 0, count: n * inCount)  // token indices have no gradient
    case .recurrent:
      let buffers = sequence!
      recurrentBackward(
        buffers.geometry(count: n), input: x, lengths: buffers.lengths.pointer + offset,
        weights: forwardWeight!.pointer, tape: buffers.tape(offset: offset, count: n),
        gradOutput: g, scratch: buffers.scratch(offset: offset, count: n), weightGradient: dW!,
        biasGradient: dB!, accumulate: accumulate, inputGradient: dx, threads: threads)
    }
  }
}
