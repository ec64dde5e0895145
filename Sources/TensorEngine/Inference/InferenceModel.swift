import Kernels

/// A model ready for inference: an `InferencePlan` plus one arena of buffers per thread,
/// allocated once, so running a batch allocates nothing.
///
/// A batch of `n` samples is cut into near-equal contiguous parts, one per thread; each thread
/// runs its part through every step `tile` samples at a time, so a tile's activations stay
/// in cache from layer to layer. Below `InferenceOptions.parallelMinimum` samples (a batch of
/// 1) the batch runs on the calling thread, or with `shareSmallBatches` the threads share each
/// step (`runShared`). Every sample's arithmetic is
/// independent of the tiling and of the thread count: results are bit-identical for any
/// `threads`.
public final class InferenceModel: @unchecked Sendable {
  // @unchecked: each arena is used by one thread of a `run` at a time; `run` is not
  // reentrant (one batch at a time per model).
  let plan: InferencePlan
  let threads: Int
  let tile: Int
  let parallelMinimum: Int
  let shareSmallBatches: Bool
  let arenas: [InferenceArena]
  /// The helper threads of small batches (`runShared`), started at the first one.
  var team: WorkerTeam?

  /// Samples per tile of one thread's part.
  static let defaultTile = 12

  /// Compiles `model` for inference on up to `threads` threads; nil when the model has a
  /// layer the plan cannot run (a batch norm that cannot be folded; see `InferencePlan`).
  public init?(
    _ model: Sequential, options: InferenceOptions = InferenceOptions(), threads: Int = 1
  ) {
    guard let plan = InferencePlan(model, options: options) else { return nil }
    self.plan = plan
    self.threads = max(1, threads)
    tile = plan.preferredTile
    parallelMinimum = options.parallelMinimum
    shareSmallBatches = options.shareSmallBatches
    arenas = (0..<self.threads).map { [tile] _ in InferenceArena(plan, tile: tile) }
  }

  /// Floats per sample in and out.
  public var inputCount: Int { plan.inputCount }
  public var outputCount: Int { plan.outputCount }

  /// Runs `count` samples: `load(first, n, destination)` writes the inputs of samples
  /// `first ..< first + n` (`n x inputCount` floats) into `destination`; the outputs go to
  /// `output` (`count x outputCount`).
  func run(
    count: Int, output: UnsafeMutablePointer<Float>,
    load: (Int, Int, UnsafeMutablePointer<Float>) -> Void
  ) {
    guard count > 0 else { return }
    if count < parallelMinimum && threads > 1 && shareSmallBatches {
      return runShared(count: count, output: output, load: load)
    }
    let parts = count < parallelMinimum ? 1 : min(threads, count)
    parallelFor(parts, threads: parts) { part in
      let samples = (count * part / parts)..<(count * (part + 1) / parts)
      let arena = arenas[part]
      for first in stride(from: samples.lowerBound, to: samples.upperBound, by: tile) {
        let n = min(tile, samples.upperBound - first)
        load(first, n, arena.front)
        let result = arena.forward(plan, count: n)
        (output + first * plan.outputCount).update(from: result, count: n * plan.outputCount)
      }
    }
  }

  /// The outputs of `count` float inputs (`count x inputCount`, e.g. a `Tensor`'s data).
  public func run(
    inputs: UnsafePointer<Float>, count: Int, output: UnsafeMutablePointer<Float>
  ) {
    let size = inputCount
    run(count: count, output: output) { first, n, destination in
      destination.update(from: inputs + first * size, count: n * size)
    }
  }

  /// The outputs of `count` images of bytes (`count x inputCount` pixels) through the lookup
  /// `table` (256 floats: the model's input encoding).
  public func run(
    pixels: UnsafePointer<UInt8>, table: UnsafePointer<Float>, count: Int,
    output: UnsafeMutablePointer<Float>
  ) {
    let size = inputCount
    run(count: count, output: output) { first, n, destination in
      lookUp(pixels + first * size, table: table, into: destination, count: n * size)
    }
  }
}

/// One thread's buffers: two activation buffers (`tile x` the largest step input or output)
/// used in turn, the steps' scratch and a max-pool's argmax.
final class InferenceArena {
  let front: UnsafeMutablePointer<Float>
  let back: UnsafeMutablePointer<Float>
  let scratch: UnsafeMutablePointer<Float>
  let indices: UnsafeMutablePointer<Int32>

  init(_ plan: InferencePlan, tile: Int) {
    let widest = plan.steps.reduce(plan.inputCount) { max($0, $1.inCount, $1.outCount) }
    let scratchCount = plan.steps.reduce(1) { max($0, $1.scratchCount(tile: tile)) }
    front = .allocate(capacity: tile * widest)
    back = .allocate(capacity: tile * widest)
    scratch = .allocate(capacity: scratchCount)
    indices = .allocate(capacity: tile * widest)
  }

  deinit {
    front.deallocate()
    back.deallocate()
    scratch.deallocate()
    indices.deallocate()
  }

  /// Runs every step on the `n` samples in `front`; returns where the output is.
  func forward(_ plan: InferencePlan, count n: Int) -> UnsafeMutablePointer<Float> {
    var x = front
    var y = back
    for step in plan.steps {
      let result = step.inPlace ? x : y
      step.compute(x, result, count: n, scratch: scratch, indices: indices)
      step.transformOutput(result, count: n)
      if !step.inPlace { swap(&x, &y) }
    }
    return x
  }
}

extension InferenceModel {
  /// The inference path the engine's `evaluate`, `outputs` and `predict` take, or nil when
  /// they keep the training network: on the `reference` kernel path (whose `sgemm` sums in
  /// another order, so the results stay those of that path) and for models without a plan.
  static func forEngine(_ model: Sequential, options: InferenceOptions, threads: Int)
    -> InferenceModel?
  {
    guard KernelDispatch.current != .reference else { return nil }
    return InferenceModel(model, options: options, threads: threads)
  }
}
