import Foundation

/// How many threads the kernels split work across.
///
/// Work is always divided into the same fixed blocks whatever the thread count, and no
/// reduction is ever split across threads, so 1 thread and N threads give bit-identical
/// results. The default is the `QUANTBOOK_THREADS` environment variable, else the number of
/// active processors.
public enum ComputeThreads {
  /// The default thread count, read once.
  public static let `default`: Int = {
    if let text = ProcessInfo.processInfo.environment["QUANTBOOK_THREADS"],
      let value = Int(text), value >= 1
    {
      return min(value, 64)
    }
    return max(1, ProcessInfo.processInfo.activeProcessorCount)
  }()
}
