import Foundation
import Testing

/// Compares `actual` with the snapshot file `Snapshots/<name>` beside this test file.
/// With `QUANTBOOK_RECORD_SNAPSHOTS=1` the file is (re)written instead; a missing snapshot is
/// written and the test fails, so a new snapshot is always looked at once.
func expectSnapshot(
  _ actual: String, named name: String, filePath: String = #filePath,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots")
  let file = folder.appendingPathComponent(name)
  let record = ProcessInfo.processInfo.environment["QUANTBOOK_RECORD_SNAPSHOTS"] == "1"
  let existing = try? String(contentsOf: file, encoding: .utf8)
  if record || existing == nil {
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try actual.write(to: file, atomically: true, encoding: .utf8)
    } catch {
      Issue.record(
        "could not write snapshot \(file.path): \(error)", sourceLocation: sourceLocation)
    }
    if existing == nil {
      Issue.record(
        "recorded new snapshot \(name); check it and run again", sourceLocation: sourceLocation)
    }
    return
  }
  guard let existing, existing != actual else { return }
  let a = existing.split(separator: "\n", omittingEmptySubsequences: false)
  let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
  let line = Array(zip(a, b)).firstIndex { $0 != $1 } ?? min(a.count, b.count)
  let expectedLine = line < a.count ? String(a[line]) : "<end>"
  let actualLine = line < b.count ? String(b[line]) : "<end>"
  Issue.record(
    """
    snapshot \(name) differs at line \(line + 1) \
    (re-record with QUANTBOOK_RECORD_SNAPSHOTS=1):
      expected: \(expectedLine.prefix(300))
      actual:   \(actualLine.prefix(300))
    """, sourceLocation: sourceLocation)
}
