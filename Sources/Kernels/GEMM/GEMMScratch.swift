import Foundation

/// One thread's packing buffers for `sgemm`: a block of B, an A panel, and an edge tile.
///
/// Buffers are allocated once, 64-byte aligned, and reused through `GEMMScratchPool`, so a
/// call to `sgemm` allocates nothing after the first calls have filled the pool.
final class GEMMScratch: @unchecked Sendable {
  // @unchecked: the buffers are only touched by the one thread that took this object out of
  // the pool, until it gives it back (the pool's lock orders the hand-over).
  let packedB: UnsafeMutablePointer<Float>
  let tile: UnsafeMutablePointer<Float>
  /// One packed A panel for edge tiles of an A read in place.
  let spareA: UnsafeMutablePointer<Float>

  init() {
    packedB = GEMMScratch.allocate(GEMMBlocking.maxColumns * GEMMBlocking.maxDepth)
    tile = GEMMScratch.allocate(GEMMTile.rows * GEMMTile.columns)
    spareA = GEMMScratch.allocate(GEMMTile.rows * GEMMBlocking.maxDepth)
  }

  deinit {
    packedB.deallocate()
    tile.deallocate()
    spareA.deallocate()
  }

  private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
    return raw.bindMemory(to: Float.self, capacity: count)
  }
}

/// A lock-protected stack of `GEMMScratch` objects shared by all threads.
final class GEMMScratchPool: @unchecked Sendable {
  // @unchecked: `free` is only read or written while holding `lock`.
  private let lock = NSLock()
  private var free: [GEMMScratch] = []

  /// The pool used by `sgemm`.
  static let shared = GEMMScratchPool()

  /// Runs `body` with a scratch object that no other thread uses meanwhile.
  func withScratch<R>(_ body: (GEMMScratch) -> R) -> R {
    lock.lock()
    let scratch = free.popLast() ?? GEMMScratch()
    lock.unlock()
    defer {
      lock.lock()
      // Keep a few for reuse; more than a few means an unusual burst of threads.
      if free.count < 16 { free.append(scratch) }
      lock.unlock()
    }
    return body(scratch)
  }
}
