import Foundation
import NotebookRunner

/// `shards` (issue 21): `notebooks/scale/sweep.md` (24 configurations) run by one process
/// with `--threads 1`, and by two `run --shard i/2 --threads 1` processes at once over one
/// cache folder followed by `merge`; each repetition starts from empty caches. Reports the
/// median wall times and the ratio (target: shards and merge <= 0.6 of one process), and
/// checks that the merged report equals the single run's byte for byte (SOURCE_DATE_EPOCH).
/// The processes are this binary (`/proc/self/exe`), so the suite measures what users run.
let shardSuite = BenchSuite(
  name: "shards",
  summary: "24-configuration sweep: 1 process vs 2 shards + merge, --threads 1 each"
) { options in
  let notebook =
    (ProcessInfo.processInfo.environment["QUANTBOOK_NOTEBOOKS"] ?? "notebooks")
    + "/scale/sweep.md"
  guard FileManager.default.fileExists(atPath: notebook) else {
    throw BenchCacheError(message: "\(notebook) not found (run from the repository root)")
  }
  let binary =
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
    ?? CommandLine.arguments[0]
  let folder = NSTemporaryDirectory() + "quantbook-bench-shards-\(getpid())"
  defer { try? FileManager.default.removeItem(atPath: folder) }
  var data: [String] = []
  if let directory = options.dataDirectory { data = ["--data-dir", directory] }
  func start(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments + data + ["--threads", "1"]
    var environment = ProcessInfo.processInfo.environment
    environment["SOURCE_DATE_EPOCH"] = "1700000000"
    environment["QUANTBOOK_CACHE"] = nil
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }
  /// Seconds from starting a process per argument list (all at once) until all have exited.
  func timed(_ runs: [[String]], _ what: String) throws -> Double {
    try Stopwatch.seconds {
      let processes = try runs.map(start)
      for process in processes { process.waitUntilExit() }
      guard processes.allSatisfy({ $0.terminationStatus == 0 }) else {
        throw BenchCacheError(message: "shards: \(what) failed")
      }
    }
  }
  var single: [Double] = []
  var sharded: [Double] = []
  var merged: [Double] = []
  var identical = true
  for repeat_ in 0..<max(1, min(3, options.repeats)) {
    let base = folder + "/\(repeat_)"
    options.progress("shards: one process, repetition \(repeat_ + 1)")
    single.append(
      try timed(
        [["run", notebook, "-o", base + "/single", "--cache", base + "/c1"]], "the single run"))
    options.progress("shards: two shards, repetition \(repeat_ + 1)")
    sharded.append(
      try timed(
        (0..<2).map { index in
          [
            "run", notebook, "-o", base + "/shards", "--cache", base + "/c2", "--shard",
            "\(index)/2",
          ]
        }, "a shard"))
    merged.append(
      try timed(
        [["merge", notebook, "-o", base + "/merged", "--cache", base + "/c2"]], "the merge"))
    for name in ["sweep.html", "sweep.json", "index.html"] {
      let a = FileManager.default.contents(atPath: base + "/single/" + name)
      identical =
        identical && a != nil && a == FileManager.default.contents(atPath: base + "/merged/" + name)
    }
  }
  let one = Stopwatch.median(single)
  let two = Stopwatch.median(sharded)
  let merge = Stopwatch.median(merged)
  let note = "median of \(single.count), --threads 1 per process"
  return [
    BenchFigure(suite: "shards", name: "1 process", value: one, unit: "s", note: note),
    BenchFigure(suite: "shards", name: "2 shards at once", value: two, unit: "s", note: note),
    BenchFigure(suite: "shards", name: "merge", value: merge, unit: "s", note: note),
    BenchFigure(
      suite: "shards", name: "(2 shards + merge) / 1 process", value: (two + merge) / one,
      unit: "x",
      note:
        "target <= 0.6; merged report \(identical ? "identical to" : "DIFFERS FROM") the single "
        + "run's"
    ),
  ]
}
