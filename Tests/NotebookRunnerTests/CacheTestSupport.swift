import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// One statement's cache status as the JSON manifest reports it.
struct CacheLine: Equatable {
  var statement: String
  var cached: Bool
  var reason: String?
}

extension Scratch {
  /// Runs `path` with `settings` (and `explain`) and returns each top-level statement's cache
  /// status, from the progress events.
  func cacheRun(_ path: String, _ settings: RunSettings) throws -> [CacheLine] {
    var settings = settings
    settings.explain = true
    let collected = Collected()
    _ = try Runner(settings: settings) { event in
      // Statement-level events: hits, and (with explain) statements that ran, with a reason.
      // Values recomputed for a later step are not statements of this list.
      guard case .stepFinished(_, _, let step, _, let cached, let reason) = event,
        cached || reason != nil,
        !(reason?.hasPrefix("value of") ?? false), !(reason?.hasPrefix("stored value") ?? false)
      else { return }
      collected.append(CacheLine(statement: step, cached: cached, reason: reason))
    }.run([path])
    return collected.lines
  }

  /// Rewrites the notebook at `path` with `old` replaced by `new`.
  func edit(_ path: String, _ old: String, _ new: String) {
    let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    let edited = Data(text.replacingOccurrences(of: old, with: new).utf8)
    #expect(
      FileManager.default.createFile(atPath: path, contents: edited), "could not write \(path)")
  }

  /// Every cache entry file under `folder`.
  func cacheEntries(_ folder: String) -> [String] {
    let names = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]) ?? []
    return names.filter { $0.hasSuffix(".qbc") }.map { folder + "/" + $0 }.sorted()
  }
}

/// Lines gathered from the runner's event callback.
final class Collected: @unchecked Sendable {
  private let lock = NSLock()
  private var storage: [CacheLine] = []
  func append(_ line: CacheLine) { lock.withLock { storage.append(line) } }
  var lines: [CacheLine] { lock.withLock { storage } }
}

/// Settings whose reports are byte-reproducible (fixed date, no timings, no cache status).
func reproducible(_ settings: RunSettings) -> RunSettings {
  var settings = settings
  settings.environment["SOURCE_DATE_EPOCH"] = "1700000000"
  return settings
}

/// Looks a statement up by its start.
func status(_ lines: [CacheLine], _ prefix: String) -> CacheLine? {
  lines.first { $0.statement.hasPrefix(prefix) }
}

/// The small notebook with a statement that quantizes activations (its calibration split comes
/// from the restored model's training split).
let cacheNotebook =
  smallNotebook + """

    ```quant
    q4 = quantize(net, bits: 4, activation_bits: 8)
    evaluate(q4, on: data.test)
    ```

    """
