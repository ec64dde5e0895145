import Foundation

/// The engine's default thread count: the `QUANTBOOK_THREADS` environment variable (1...64),
/// else the number of active processors. Read here, at the command line, and handed down as a
/// plain number: the libraries below read no environment.
enum ThreadCount {
  /// The default, read once.
  static let `default`: Int = {
    if let text = ProcessInfo.processInfo.environment["QUANTBOOK_THREADS"],
      let value = Int(text), value >= 1
    {
      return min(value, 64)
    }
    return max(1, ProcessInfo.processInfo.activeProcessorCount)
  }()
}
