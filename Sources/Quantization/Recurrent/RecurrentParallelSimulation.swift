import Kernels

extension QuantizedRecurrentClassifier {
  /// `simulatedLogits` over `threads` threads: the sequences are cut into fixed blocks of 64,
  /// each block simulated on its own, so the result is the same for any thread count.
  /// Shapes as `simulatedLogits`: `tokens` `[count, steps]`, result `[count, classes]`.
  public func simulatedLogits(
    tokens: [Int32], lengths: [Int], steps: Int, threads: Int
  ) throws -> [Double] {
    try float.validate(tokens, lengths: lengths, steps: steps)
    let block = 64
    let blocks = (lengths.count + block - 1) / block
    let classes = float.classes
    let results = SimulationBlocks(count: blocks)
    parallelFor(blocks, threads: max(1, threads)) { i in
      let start = i * block
      let end = min(lengths.count, start + block)
      results.set(
        i,
        Result {
          try simulatedLogits(
            tokens: Array(tokens[(start * steps)..<(end * steps)]),
            lengths: Array(lengths[start..<end]), steps: steps)
        })
    }
    var out: [Double] = []
    out.reserveCapacity(lengths.count * classes)
    for i in 0..<blocks { out += try results.get(i) }
    return out
  }
}

/// One slot per block, each written by exactly one thread (`parallelFor` index); raw storage,
/// so concurrent writes to distinct slots are no overlapping accesses.
private final class SimulationBlocks: @unchecked Sendable {
  private let slots: UnsafeMutablePointer<Result<[Double], any Error>?>
  private let count: Int
  init(count: Int) {
    self.count = count
    slots = .allocate(capacity: max(1, count))
    slots.initialize(repeating: nil, count: max(1, count))
  }
  deinit {
    slots.deinitialize(count: max(1, count))
    slots.deallocate()
  }
  func set(_ i: Int, _ value: Result<[Double], any Error>) { slots[i] = value }
  func get(_ i: Int) throws -> [Double] { try slots[i]!.get() }
}
