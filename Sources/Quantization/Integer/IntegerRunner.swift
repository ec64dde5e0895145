import Kernels

/// The buffers one worker needs to push `capacity` samples through a model: two int8
/// activation buffers (ping-pong), im2col columns, int32 accumulators. Allocated once per run.
final class IntegerWorkspace {
  let capacity: Int
  let activations: (UnsafeMutablePointer<Int8>, UnsafeMutablePointer<Int8>)
  let columns: UnsafeMutablePointer<Int8>
  let accumulators: UnsafeMutablePointer<Int32>

  init(model: IntegerModel, capacity: Int) {
    self.capacity = capacity
    var activation = model.inputShape.reduce(1, *)
    var columns = 1
    var accumulators = 1
    for layer in model.layers {
      activation = max(activation, layer.outputCount)
      if case .conv2d = layer.operation, let g = layer.geometry(batch: 1) {
        columns = max(columns, g.patchCount * g.patchSize)
      }
      if layer.output != nil { accumulators = max(accumulators, layer.outputCount) }
    }
    self.activations = (
      .allocate(capacity: capacity * activation), .allocate(capacity: capacity * activation)
    )
    self.columns = .allocate(capacity: capacity * columns)
    self.accumulators = .allocate(capacity: capacity * accumulators)
  }

  deinit {
    activations.0.deallocate()
    activations.1.deallocate()
    columns.deallocate()
    accumulators.deallocate()
  }
}

/// Runs an `IntegerModel` on batches of pixels with the fast kernels (convolution with implicit
/// im2col, requantization and any max-pool after it fused; packed GEMM with fused
/// requantization; SIMD max-pool) or their plain reference twins, one layer at a time. Both give
/// the same bits: every step is exact integer arithmetic with one rounding rule.
///
/// Biases and, for the reference path, unpacked `n x k` weights are copied once into owned
/// memory here; the forward pass allocates nothing but the kernels' own small scratch.
final class IntegerRunner {
  let model: IntegerModel
  let reference: Bool
  private let biases: [UnsafeMutablePointer<Int32>?]
  private let unpacked: [UnsafeMutablePointer<Int8>?]

  init(model: IntegerModel, useReferenceKernels: Bool) {
    self.model = model
    reference = useReferenceKernels
    biases = model.layers.map { $0.bias.isEmpty ? nil : owned($0.bias) }
    unpacked = model.layers.map { layer in
      useReferenceKernels ? layer.weights.map { owned($0.unpacked()) } : nil
    }
  }

  deinit {
    biases.forEach { $0?.deallocate() }
    unpacked.forEach { $0?.deallocate() }
  }

  /// Runs `count <= workspace.capacity` images (`pixels`, each `H*W*C` bytes) and writes
  /// `count x classCount` raw outputs (int8 codes widened, or int32 accumulators) to `output`.
  func forward(
    pixels: UnsafePointer<UInt8>, count b: Int, workspace w: IntegerWorkspace,
    output: UnsafeMutablePointer<Int32>
  ) throws(IntegerKernelError) {
    var current = w.activations.0
    var spare = w.activations.1
    let inputCount = model.inputShape.reduce(1, *)
    model.input.codes.withUnsafeBufferPointer { table in
      for j in 0..<(b * inputCount) { current[j] = table[Int(pixels[j])] }
    }
    var lastWroteAccumulators = false
    var i = 0
    while i < model.layers.count {
      let layer = model.layers[i]
      lastWroteAccumulators = false
      switch layer.operation {
      case .flatten:
        i += 1
        continue
      case .maxPool:
        let maxPool = reference ? int8MaxPoolReference : int8MaxPool
        try maxPool(layer.geometry(batch: b)!, current, spare)
      case .conv2d:
        let g = layer.geometry(batch: b)!
        if !reference, case .requantized(let stage, _) = layer.output {
          // Implicit im2col, GEMM, requantization and, when a max-pool follows, the pooling
          // too, in one pass: see `integerConvRequantized`.
          let pool = model.fusedPool(after: i, batch: b)
          try integerConvRequantized(
            g, pool: pool, input: current, inputZeroPoint: layer.inputZeroPoint,
            weights: layer.weights!, bias: biases[i], stage: stage, output: spare,
            ldo: layer.weights!.outputChannels, threads: 1)
          if pool != nil { i += 1 }  // the pooling layer is done
          break
        }
        let im2col = reference ? int8Im2colReference : int8Im2col
        try im2col(g, current, Int8(layer.inputZeroPoint), w.columns)
        lastWroteAccumulators = try multiply(
          layer, index: i, rows: g.patchCount, a: w.columns, lda: g.patchSize, workspace: w,
          output: spare)
      case .dense:
        lastWroteAccumulators = try multiply(
          layer, index: i, rows: b, a: current, lda: layer.inputCount, workspace: w, output: spare)
      case .requantize(let relu):
        guard case .requantized(let stage, _) = layer.output else {
          i += 1
          continue
        }
        let total = b * layer.outputCount
        let zero = layer.inputZeroPoint
        for j in 0..<total {
          let centred = Int32(current[j]) - zero
          w.accumulators[j] = relu ? max(centred, 0) : centred
        }
        let channels = stage.channels
        let requantizeRows = reference ? requantizeReference : requantize
        try requantizeRows(
          total / channels, channels, w.accumulators, channels, nil, stage, spare, channels)
      }
      swap(&current, &spare)
      i += 1
    }
    let total = b * model.classCount
    if lastWroteAccumulators {
      output.update(from: w.accumulators, count: total)
    } else {
      for j in 0..<total { output[j] = Int32(current[j]) }
    }
  }

  /// `output = stage(A W^T + bias)` for a conv (A = im2col rows) or dense (A = inputs) layer;
  /// for an int32-output layer the sums plus bias go to the workspace's accumulators instead.
  /// - Returns: whether the accumulators were written.
  private func multiply(
    _ layer: IntegerLayer, index: Int, rows m: Int, a: UnsafePointer<Int8>, lda: Int,
    workspace w: IntegerWorkspace, output: UnsafeMutablePointer<Int8>
  ) throws(IntegerKernelError) -> Bool {
    let weights = layer.weights!
    let n = weights.outputChannels
    let zero = layer.inputZeroPoint
    let bias = biases[index]
    let acc = w.accumulators
    let codes = unpacked[index]
    if let codes {
      integerGEMMReference(
        m: m, n: n, k: weights.depth, a: a, lda: lda, aZeroPoint: zero, weights: codes,
        ldw: weights.depth, c: acc, ldc: n)
    }
    switch layer.output {
    case .requantized(let stage, _):
      if codes != nil {
        try requantizeReference(
          m: m, n: n, accumulators: acc, lda: n, bias: bias, stage: stage, output: output, ldo: n)
      } else {
        try integerGEMMRequantized(
          m: m, a: a, lda: lda, aZeroPoint: zero, weights: weights, bias: bias, stage: stage,
          output: output, ldo: n, threads: 1)
      }
      return false
    case .accumulators, nil:
      if codes == nil {
        try integerGEMM(
          m: m, a: a, lda: lda, aZeroPoint: zero, weights: weights, c: acc, ldc: n, threads: 1)
      }
      if let bias {
        // Saturating, as the requantization stage adds its bias.
        for r in 0..<m {
          for c in 0..<n {
            acc[r * n + c] = Int32(clamping: Int64(acc[r * n + c]) + Int64(bias[c]))
          }
        }
      }
      return true
    }
  }
}

/// A copy of `values` in memory the caller owns (and deallocates).
private func owned<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
  let p = UnsafeMutablePointer<T>.allocate(capacity: values.count)
  p.initialize(from: values, count: values.count)
  return p
}

extension IntegerModel {
  /// The pooling geometry (on `batch` samples) when layer `index` is a conv writing requantized
  /// int8 and layer `index + 1` a max-pool over its output that `integerConvRequantized` can fuse.
  func fusedPool(after index: Int, batch: Int) -> ConvGeometry? {
    guard index + 1 < layers.count, case .conv2d = layers[index].operation,
      case .requantized = layers[index].output, case .maxPool = layers[index + 1].operation,
      let conv = layers[index].geometry(batch: batch),
      let pool = layers[index + 1].geometry(batch: batch), canFusePooling(conv, pool)
    else { return nil }
    return pool
  }
}
