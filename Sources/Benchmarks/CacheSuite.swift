import Foundation
import NotebookRunner

/// `cache`: the step cache on the flagship notebook (Fashion-MNIST, the seed CNN trained for
/// `QUANTBOOK_BENCH_EPOCHS` epochs (default 1), a five-width bits sweep, one more quantized
/// model). Measures a cold run, re-runs after a prose edit (target: under 0.5 s, nothing
/// runs), and re-runs after one `quantize` bit width changes (only that statement and its
/// dependent run; training does not), counting the statements that ran each time.
let cacheSuite = BenchSuite(
  name: "cache",
  summary: "flagship notebook: cold run, re-run after a prose edit, after one bit width changes"
) { options in
  let folder = NSTemporaryDirectory() + "quantbook-bench-cache-\(getpid())"
  defer { try? FileManager.default.removeItem(atPath: folder) }
  try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  let path = folder + "/flagship.md"
  let epochs =
    ProcessInfo.processInfo.environment["QUANTBOOK_BENCH_EPOCHS"].flatMap { Int($0) } ?? 1
  func write(prose: String, bits: Int) throws {
    try writeNotebook(flagship(prose: prose, bits: bits, epochs: epochs), to: path)
  }
  let counter = StatementCounter()
  var settings = RunSettings(
    outputFolder: folder + "/out", dataFolder: options.dataDirectory, threads: options.threads)
  settings.explain = true
  let runner = { try runCounted(path, settings: settings, counter: counter) }

  options.progress("cache: cold run (trains the seed CNN)")
  try write(prose: "Prose version 0.", bits: 4)
  let cold = try Stopwatch.seconds(runner)
  let coldCounts = counter.counts

  var proseTimes: [Double] = []
  var proseCounts = (ran: 0, cached: 0)
  for i in 1...max(3, options.repeats) {
    try write(prose: "Prose version \(i): edited between runs.", bits: 4)
    proseTimes.append(try Stopwatch.seconds(runner))
    proseCounts = counter.counts
  }

  var bitsTimes: [Double] = []
  var bitsCounts = (ran: 0, cached: 0)
  var trainingRan = false
  for bits in [5, 6, 7, 3, 2].prefix(max(3, min(5, options.repeats))) {
    try write(prose: "Prose version 0.", bits: bits)
    bitsTimes.append(try Stopwatch.seconds(runner))
    bitsCounts = counter.counts
    trainingRan = trainingRan || counter.ran.contains { $0.hasPrefix("net =") }
  }
  let total = coldCounts.ran + coldCounts.cached
  let lesson = try lessonFigures(
    folder: folder, settings: settings, epochs: epochs, options: options, counter: counter)
  return lesson + [
    BenchFigure(
      suite: "cache", name: "cold run (\(epochs) epoch\(epochs == 1 ? "" : "s"), nothing cached)",
      value: cold, unit: "s",
      note: "\(coldCounts.ran) of \(total) statements ran"),
    BenchFigure(
      suite: "cache", name: "re-run after a prose edit", value: Stopwatch.median(proseTimes),
      unit: "s",
      note:
        "\(proseCounts.ran) of \(total) statements ran"
        + " (target < 0.5 s, median of \(proseTimes.count))"
    ),
    BenchFigure(
      suite: "cache", name: "re-run after one quantize bit width changed",
      value: Stopwatch.median(bitsTimes), unit: "s",
      note:
        "\(bitsCounts.ran) of \(total) statements ran"
        + "; training \(trainingRan ? "RAN" : "did not run") "
        + "(median of \(bitsTimes.count))"),
  ]
}

/// Writes a notebook for the benchmark; a file it cannot write is an error.
private func writeNotebook(_ text: String, to path: String) throws {
  guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
    throw BenchCacheError(message: "could not write \(path)")
  }
}

/// Runs the notebook at `path` once, counting its statements in `counter` (reset first); a
/// run that fails is an error carrying the run's messages.
private func runCounted(_ path: String, settings: RunSettings, counter: StatementCounter) throws {
  counter.reset()
  let outcome = try Runner(settings: settings, events: counter.observe).run([path]).first
  guard outcome?.succeeded == true else {
    throw BenchCacheError(
      message: outcome?.messages.joined(separator: "\n") ?? "\(path) did not run")
  }
}

/// The course's own flagship, `notebooks/02-bits-vs-accuracy.md` (when present): a cold run with
/// `epochs` overridden, then re-runs after a prose line is added under its title.
private func lessonFigures(
  folder: String, settings: RunSettings, epochs: Int, options: BenchOptions,
  counter: StatementCounter
) throws -> [BenchFigure] {
  let source =
    (ProcessInfo.processInfo.environment["QUANTBOOK_NOTEBOOKS"] ?? "notebooks")
    + "/02-bits-vs-accuracy.md"
  guard
    let original = FileManager.default.contents(atPath: source).map({
      String(decoding: $0, as: UTF8.self)
    }),
    let title = original.range(of: "\n# ")
  else { return [] }
  let path = folder + "/02-bits-vs-accuracy.md"
  let titleEnd = original[title.upperBound...].firstIndex(of: "\n") ?? original.endIndex
  func write(_ edit: Int) throws {
    try writeNotebook(
      String(original[..<titleEnd]) + "\n\nA prose edit, number \(edit).\n"
        + String(original[titleEnd...]),
      to: path)
  }
  var settings = settings
  settings.parameterOverrides = ["epochs=\(epochs)"]
  let run = { try runCounted(path, settings: settings, counter: counter) }
  options.progress("cache: cold run of \(source)")
  try write(0)
  let cold = try Stopwatch.seconds(run)
  let coldCounts = counter.counts
  let coldHits = counter.hits
  var times: [Double] = []
  for i in 1...max(3, options.repeats) {
    try write(i)
    times.append(try Stopwatch.seconds(run))
  }
  let counts = counter.counts
  let total = coldCounts.ran + coldCounts.cached
  return [
    BenchFigure(
      suite: "cache", name: "02-bits-vs-accuracy.md cold run (epochs=\(epochs))", value: cold,
      unit: "s",
      note: "\(coldCounts.ran) of \(total) statements ran"
        + (coldHits.isEmpty
          ? ""
          : "; already in the cache (same key, from the flagship run before): "
            + coldHits.joined(separator: ", "))),
    BenchFigure(
      suite: "cache", name: "02-bits-vs-accuracy.md re-run after a prose edit",
      value: Stopwatch.median(times), unit: "s",
      note: "\(counts.ran) of \(total) statements ran (target < 0.5 s, median of \(times.count))"),
  ]
}

struct BenchCacheError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// Counts statement-level progress events (with `explain`: one per top-level statement).
final class StatementCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var cached = 0
  private(set) var ran: [String] = []
  /// The statements that came from the cache in the last run.
  private(set) var hits: [String] = []

  func reset() {
    lock.withLock {
      cached = 0; ran = []; hits = []
    }
  }

  var counts: (ran: Int, cached: Int) { lock.withLock { (ran.count, cached) } }

  func observe(_ event: RunEvent) {
    guard case .stepFinished(_, _, let step, _, let wasCached, let reason) = event else { return }
    lock.withLock {
      if wasCached {
        cached += 1
        hits.append(step)
      } else if let reason, !reason.hasPrefix("value of"), !reason.hasPrefix("stored value") {
        ran.append(step)
      }
    }
  }
}

/// The notebook of DESIGN.md §1 with a prose paragraph and one extra bit width to vary.
private func flagship(prose: String, bits: Int, epochs: Int) -> String {
  """
  ---
  title: How many bits does a CNN need?
  seed: 7
  params:
    epochs: \(epochs)
  ---

  # How many bits does a CNN need?

  \(prose) Linear quantization maps a weight w to q = round(w / s) + z.

  ```quant
  data = fashion_mnist(train: 60000, test: 10000)
  cnn = sequential(input: 28x28x1) [
    conv2d(32, kernel: 3, activation: relu)
    maxpool(2)
    conv2d(64, kernel: 3, activation: relu)
    maxpool(2)
    flatten()
    dense(64, activation: relu)
    dense(10, activation: softmax)
  ]
  net = train(cnn, on: data.train, epochs: epochs, batch: 32, optimizer: adam(lr: 0.001))
  evaluate(net, on: data.test)
  ```

  Each extra bit halves the step size s.

  ```quant
  #| caption: Test accuracy against weight bit width
  for bits in [8, 6, 4, 3, 2] {
    q = quantize(net, bits: bits, scheme: symmetric, granularity: per_channel)
    evaluate(q, on: data.test)
  }
  ```

  One more width, on its own:

  ```quant
  extra = quantize(net, bits: \(bits), scheme: symmetric, granularity: per_channel)
  evaluate(extra, on: data.test)
  ```

  """
}
