import Foundation
import NotebookRunner

/// `check`: wall time of `quantbook check notebooks/` on the whole course (parse, type-check
/// and shape-check every notebook; nothing runs). Target: under 100 ms.
let checkSuite = BenchSuite(
  name: "check", summary: "type-check every notebook in notebooks/ (median wall time)"
) { options in
  let folder = ProcessInfo.processInfo.environment["QUANTBOOK_NOTEBOOKS"] ?? "notebooks"
  let runner = Runner(settings: RunSettings(threads: options.threads))
  var count = 0
  var failures = 0
  let seconds = try Stopwatch.medianSeconds(repeats: max(options.repeats, 9)) {
    let outcomes = try runner.check([folder])
    count = outcomes.count
    failures = outcomes.filter { !$0.succeeded }.count
  }
  return [
    BenchFigure(
      suite: "check", name: "check \(folder)/ (\(count) notebooks)", value: seconds * 1000, unit: "ms",
      note: failures == 0 ? "no errors" : "\(failures) notebooks with errors"),
  ]
}
