import Foundation
import Kernels
import NotebookRunner

/// One measured figure of a benchmark suite, as printed by `quantbook bench --json`:
/// `{"suite": "gemm", "name": "f32 1024^3 2 threads", "value": 123.4, "unit": "GFLOP/s",
/// "kernels": "avx2"}` (the kernel path that ran, `KernelPath`'s name).
public struct BenchFigure: Sendable, Equatable {
  public var suite: String
  public var name: String
  public var value: Double
  public var unit: String
  /// Extra context for the human table (shape, repeats, spread); not part of the JSON figure.
  public var note: String

  public init(suite: String, name: String, value: Double, unit: String, note: String = "") {
    self.suite = suite
    self.name = name
    self.value = value
    self.unit = unit
    self.note = note
  }

  /// The figure as one line of JSON (keys in a fixed order).
  public var json: String {
    JSON.object([
      ("suite", .string(suite)), ("name", .string(name)),
      ("value", value.isFinite ? .number(value) : .null),
      ("unit", .string(unit)), ("kernels", .string(KernelDispatch.current.rawValue)),
    ]).rendered(indent: 0)
  }
}

/// Settings shared by every suite.
public struct BenchOptions: Sendable {
  /// Timed repetitions per figure; the median is reported.
  public var repeats: Int
  /// Threads for the engine (the command line defaults it to `QUANTBOOK_THREADS` or the cores).
  public var threads: Int
  /// A directory holding the Fashion-MNIST IDX files, when a suite needs real data.
  public var dataDirectory: String?
  /// Called with a short line while a long suite runs (progress); never with results.
  public var progress: @Sendable (String) -> Void

  public init(
    repeats: Int = 5, threads: Int, dataDirectory: String? = nil,
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.repeats = repeats
    self.threads = threads
    self.dataDirectory = dataDirectory
    self.progress = progress
  }
}

/// Wall-clock timing with a monotonic clock.
public enum Stopwatch {
  /// Seconds elapsed while running `body` once.
  public static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  /// The median of `repeats` timings of `body` (after one untimed warm-up run).
  public static func medianSeconds(repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var times: [Double] = []
    for _ in 0..<max(1, repeats) { times.append(try seconds(body)) }
    return median(times)
  }

  /// The median of a non-empty list (mean of the middle two for even counts).
  public static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  }
}
