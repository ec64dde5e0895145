import Kernels

extension LayerState {
  /// Computes `output` rows `offset..<offset + n` from `input` (`n x inCount`, already at
  /// that offset). Every buffer is addressed at the same sample offset, so disjoint sample
  /// ranges may run concurrently. Training a batch-norm layer needs the whole batch (offset 0);
  /// training a dropout layer needs `generateDropoutMask` first.
  func forward(
    input x: UnsafeMutablePointer<Float>, offset: Int = 0, count n: Int, training: Bool,
    threads: Int
  ) {
    let y = output.pointer + offset * outCount
    switch kind {
    case .conv2d(let filters, _, _, _, let activation):
      // im2col over the whole batch, then one GEMM: [P x K] * [K x filters] -> [P x filters].
      let g = windowGeometry(batch: n)
      let cols = columns!.pointer + offset * columnsPerSample
      im2col(g, input: x, columns: cols, threads: threads)
      sgemm(
        .none, .none, m: g.patchCount, n: filters, k: g.patchSize, a: cols, lda: g.patchSize,
        b: forwardWeight!.pointer, ldb: filters, c: y, ldc: filters, threads: threads)
      let b = bias!.pointer
      Parallel.slices(g.patchCount, threads: threads, costPerItem: filters) { rows in
        biasActivationForward(
          y + rows.lowerBound * filters, rows: rows.count, columns: filters, bias: b,
          activation: activation)
      }
    case .dense(let units, let activation):
      sgemm(
        .none, .none, m: n, n: units, k: inCount, a: x, lda: inCount,
        b: forwardWeight!.pointer, ldb: units, c: y, ldc: units, threads: threads)
      biasActivationForward(
        y, rows: n, columns: units, bias: bias!.pointer, activation: activation)
    case .maxPool:
      maxPoolForward(
        windowGeometry(batch: n), input: x, output: y,
        argmax: argmax!.pointer + offset * outCount, threads: threads)
    case .avgPool:
      avgPoolForward(windowGeometry(batch: n), input: x, output: y, threads: threads)
    case .flatten:
      y.update(from: x, count: n * outCount)
    case .dropout(let rate):
      let total = n * outCount
      if training && rate > 0 {
        multiply(x, dropoutMask!.pointer + offset * outCount, into: y, count: total)
      } else {
        y.update(from: x, count: total)
      }
    case .batchNorm(let momentum, let epsilon):
      precondition(!training || offset == 0, "batch norm trains on whole batches")
      batchNormForward(
        x, y, count: n, training: training, momentum: momentum, epsilon: epsilon)
    case .activation(let activation):
      y.update(from: x, count: n * outCount)
      // Softmax is taken over the last axis; the other functions are elementwise.
      let cols = activation == .softmax ? outShape[outShape.count - 1] : outCount
      biasActivationForward(
        y, rows: n * outCount / cols, columns: cols, bias: nil,
        activation: activation)
    case .embedding(let vocabulary, let width):
      embeddingForward(
        tokens: x, count: n * inCount, table: forwardWeight!.pointer, vocabulary: vocabulary,
        width: width, output: y)
    case .recurrent:
      let buffers = sequence!
      let g = buffers.geometry(count: n)
      let lengths = buffers.lengths.pointer + offset
      sequenceLengths(tokens: tokens! + offset * g.steps, batch: n, steps: g.steps, into: lengths)
      recurrentForward(
        g, input: x, lengths: lengths, weights: forwardWeight!.pointer, bias: bias!.pointer,
        tape: buffers.tape(offset: offset, count: n), output: y, threads: threads)
    }
  }

  /// The conv or pooling layer's window geometry over `batch` samples.
  func windowGeometry(batch: Int) -> ConvGeometry {
    Shapes.geometry(of: kind, batch: batch, input: inShape)!
  }

  /// Draws the dropout mask of samples `0..<n` (0 or `1 / (1 - rate)`) from `random`, in
  /// element order, so the mask does not depend on how the batch is later split.
  func generateDropoutMask(count n: Int, random: inout SeededRandom) {
    guard case .dropout(let rate) = kind, rate > 0, let mask = dropoutMask?.pointer else { return }
    let keep = 1 / (1 - rate)
    for i in 0..<(n * outCount) { mask[i] = random.uniform() < rate ? 0 : keep }
  }
}
