import Foundation
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
  /// Each batch is cut into micro-batches of `integerMicroBatch` images; `threads` workers
  /// take them in turn and run each through all layers with single-threaded kernels and
  /// their own preallocated buffers. An image's outputs depend on nothing but the image
  /// (integer arithmetic is exact, rows of a GEMM are independent), so every thread count,
  /// batch size and schedule gives the same bits.
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
        .invalidArgument,
        "integer model: batch size \(batchSize) and threads \(threads) must be >= 1")
    }
    let outputs = try runRaw(
      pixels: split.images, count: split.count, batchSize: batchSize, threads: threads,
      useReferenceKernels: useReferenceKernels)
    let logits = dequantize(outputs)
    let classes = classCount
    var predictions = [Int](repeating: 0, count: split.count)
    var correct = 0
    for s in 0..<split.count {
      let best = logits.withUnsafeBufferPointer {
        indexOfMaximum($0.baseAddress! + s * classes, count: classes)
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
            let queue = MicroBatchQueue(count: (n + integerMicroBatch - 1) / integerMicroBatch)
            let active = min(workers, queue.count)
            parallelFor(active, threads: active) { worker in
              do throws(IntegerKernelError) {
                while let part = queue.next() {
                  let start = lo + part * integerMicroBatch
                  try runner.forward(
                    pixels: imageBase + start * inputCount,
                    count: min(integerMicroBatch, lo + n - start), workspace: workspaces[worker],
                    output: outBase + start * classes)
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

/// Hands out micro-batch indices `0 ..< count` once each, to whichever worker asks first
/// (a busy or preempted worker does not hold the others up).
final class MicroBatchQueue: @unchecked Sendable {
  let count: Int
  private var nextIndex = 0
  private let lock = NSLock()

  init(count: Int) { self.count = count }

  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard nextIndex < count else { return nil }
    nextIndex += 1
    return nextIndex - 1
  }
}
