import Dispatch

/// Runs `body(0) ... body(count - 1)`, in parallel on `DispatchQueue.concurrentPerform` when
/// `count > 1`, and returns when all are done.
///
/// The integer kernels hand each chunk a disjoint part of the output, so the non-Sendable
/// pointers captured by `body` are never written by two chunks at once; that is why the
/// closure may cross threads (`nonisolated(unsafe)`). `body` does not escape this call.
func forEachChunk(_ count: Int, _ body: (Int) -> Void) {
  if count <= 1 {
    if count == 1 { body(0) }
    return
  }
  withoutActuallyEscaping(body) { work in
    nonisolated(unsafe) let chunkBody = work
    DispatchQueue.concurrentPerform(iterations: count) { chunk in chunkBody(chunk) }
  }
}
