import Kernels

/// Splitting elementwise work across threads in a fixed way.
///
/// `0..<count` is cut into `threads` near-equal, disjoint slices that depend only on `count`
/// and `threads`; every slice writes only its own part of the output and no value is reduced
/// across slices, so results are bit-identical whatever the thread count.
enum Parallel {
  /// Below this many elements of work, one thread does it all (a dispatch costs microseconds).
  static let minimumWork = 1 << 15

  /// Runs `body(slice)` for each slice of `0..<count`, concurrently when `threads > 1` and
  /// `count * costPerItem >= minimumWork`.
  static func slices(
    _ count: Int, threads: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void
  ) {
    let parts = count * costPerItem >= minimumWork ? min(max(threads, 1), count) : 1
    if parts <= 1 {
      if count > 0 { body(0..<count) }
      return
    }
    parallelFor(parts, threads: parts) { part in
      body((count * part / parts)..<(count * (part + 1) / parts))
    }
  }
}
