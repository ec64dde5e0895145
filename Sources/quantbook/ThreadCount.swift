import ArgumentParser
import Foundation

/// The engine's default thread count: the `QUANTBOOK_THREADS` environment variable (1...64),
/// else the number of active processors. Read here, at the command line, and handed down as a
/// plain number: the libraries below read no environment.
enum ThreadCount {
  /// The most threads `--threads` accepts: each thread gets its own work buffers, so an
  /// absurd count would exhaust memory (99999999999 asked for 800 GB and aborted).
  static let maximum = 1024

  /// Checks a `--threads` value, if given, then the numeric environment variables
  /// (`EnvironmentNumbers`): a `ValidationError` (exit 2) for the first that is unusable.
  static func validate(_ threads: Int?) throws {
    if let threads, !(1...maximum).contains(threads) {
      throw ValidationError("--threads must be 1...\(maximum); got \(threads)")
    }
    try EnvironmentNumbers.validate()
  }

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
