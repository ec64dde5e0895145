import Kernels
import TensorEngine

/// The integer model's outputs on a split.
public struct IntegerInferenceResult: Sendable, Equatable {
  /// Logits per image (`IntegerModel.classCount`).
  public var classCount: Int
  /// Raw outputs, `count x classCount` row-major: int8 codes (widened) or int32 accumulators,
  /// as `IntegerModel.output` says. Fast and reference kernels give the same values.
  public var outputs: [Int32]
  /// Real logits, `count x classCount`: the raw outputs dequantized.
  public var logits: [Float]
  /// Arg-max of each image's logits (first index on ties).
  public var predictions: [Int]
  /// Fraction of predictions equal to the split's labels.
  public var accuracy: Double
}

/// Images each worker pushes through the whole network at once: small enough that a layer's
/// im2col columns and outputs stay in L2 between layers, large enough for full GEMM tiles.
let integerMicroBatch = 16

extension IntegerModel {
  /// Runs the model on every image of `split`, `batchSize` images at a time.
  ///
  /// Each batch is cut into `threads` fixed contiguous parts, one per worker; a worker runs
  /// its part through all layers in micro-batches of `integerMicroBatch` images with
  /// single-threaded kernels and preallocated buffers. Integer arithmetic is exact, so every
  /// thread count and batch size gives the same bits.
  /// - Parameters:
  ///   - useReferenceKernels: run the plain reference twins (im2col, GEMM on unpacked weights,
  ///     requantize, max-pool) instead of the fast kernels; the outputs are identical.
  /// - Throws: `QuantizationError` when the split's image shape is not `inputShape`, or the
  ///   batch size or thread count is below 1.
  public func run(
    on split: Split, batchSize: Int = 256, threads: Int = 1, useReferenceKernels: Bool = false
  ) throws -> IntegerInferenceResult {
    guard split.imageShape == inputShape else {
      throw QuantizationError(
        .shapeMismatch,
        "integer model: images are \(split.imageShape) but the model expects \(inputShape)")
    }
    guard batchSize >= 1, threads >= 1 else {
      throw QuantizationError(
        .invalidArgument, "integer model: batch size \(batchSize) and threads \(threads) must be >= 1")
    }
    let outputs = try runRaw(
      pixels: split.images, count: split.count, batchSize: batchSize, threads: threads,
      useReferenceKernels: useReferenceKernels)
    let logits = dequantize(outputs)
    let classes = classCount
    var predictions = [Int](repeating: 0, count: split.count)
    var correct = 0
    for s in 0..<split.count {
      var best = 0
      for c in 1..<max(classes, 1) where logits[s * classes + c] > logits[s * classes + best] {
        best = c
      }
      predictions[s] = best
      if best == Int(split.labels[s]) { correct += 1 }
    }
    return IntegerInferenceResult(
      classCount: classes, outputs: outputs, logits: logits, predictions: predictions,
      accuracy: split.count == 0 ? 0 : Double(correct) / Double(split.count))
  }

  /// Real logits of raw outputs (`count x classCount`), per `output`.
  public func dequantize(_ raw: [Int32]) -> [Float] {
    switch output {
    case .int8(let grid):
      return raw.map { grid.scale * Float($0 - grid.zeroPoint) }
    case .int32(let scales):
      return raw.indices.map { scales[$0 % scales.count] * Float(raw[$0]) }
    }
  }

  /// Raw outputs of `count` images stored back to back in `pixels`.
  func runRaw(
    pixels: [UInt8], count: Int, batchSize: Int, threads: Int, useReferenceKernels: Bool
  ) throws -> [Int32] {
    guard count > 0 else { return [] }
    let runner = IntegerRunner(model: self, useReferenceKernels: useReferenceKernels)
    let workers = max(1, min(threads, batchSize, count))
    let workspaces = (0..<workers).map { _ in
      IntegerWorkspace(model: self, capacity: integerMicroBatch)
    }
    let inputCount = inputShape.reduce(1, *)
    let classes = classCount
    var outputs = [Int32](repeating: 0, count: count * classes)
    var errors = [IntegerKernelError?](repeating: nil, count: workers)
    pixels.withUnsafeBufferPointer { images in
      outputs.withUnsafeMutableBufferPointer { out in
        errors.withUnsafeMutableBufferPointer { failures in
          let imageBase = images.baseAddress!
          let outBase = out.baseAddress!
          let failureBase = failures.baseAddress!
          for lo in stride(from: 0, to: count, by: batchSize) {
            let n = min(batchSize, count - lo)
            forEachWorker(min(workers, n)) { worker in
              let parts = min(workers, n)
              var start = lo + n * worker / parts
              let end = lo + n * (worker + 1) / parts
              do throws(IntegerKernelError) {
                while start < end {
                  let b = min(integerMicroBatch, end - start)
                  try runner.forward(
                    pixels: imageBase + start * inputCount, count: b,
                    workspace: workspaces[worker], output: outBase + start * classes)
                  start += b
                }
              } catch {
                failureBase[worker] = error
              }
            }
          }
        }
      }
    }
    if let failure = errors.compactMap({ $0 }).first {
      throw QuantizationError(.invalidArgument, "integer model: \(failure)")
    }
    return outputs
  }
}
