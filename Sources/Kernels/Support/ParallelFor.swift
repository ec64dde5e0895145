import Dispatch

/// Threads in the kernels.
///
/// Every kernel that can split its work takes the thread count from its caller (`threads:`);
/// the kernels read no environment and no processor count (the command line decides, see
/// `quantbook`'s `ThreadCount`). Work is always divided into fixed blocks, and no reduction is
/// ever split across threads, so 1 thread and N threads give bit-identical results.

/// Runs `body(0) ... body(count - 1)`, concurrently (`DispatchQueue.concurrentPerform`) when
/// `threads > 1`, and returns when all are done.
///
/// Callers give each index a fixed, disjoint piece of the output, so the result never depends
/// on how the indices are scheduled.
@inline(__always)
public func parallelFor(_ count: Int, threads: Int, _ body: (Int) -> Void) {
  if count <= 1 || threads <= 1 {
    for index in 0..<count { body(index) }
  } else {
    // `concurrentPerform` wants a @Sendable closure, but `body` captures raw pointers. That is
    // safe here: every index writes a disjoint part of the output, and `concurrentPerform`
    // returns only after all iterations finished, so `body` never outlives this call.
    nonisolated(unsafe) let shared = body
    DispatchQueue.concurrentPerform(iterations: count) { index in shared(index) }
  }
}

/// The half-open range of the `part`-th of `parts` near-equal slices of `0..<total`.
@inline(__always)
func evenSlice(_ total: Int, parts: Int, part: Int) -> Range<Int> {
  (total * part / parts)..<(total * (part + 1) / parts)
}
