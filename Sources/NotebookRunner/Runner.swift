import Foundation
import HTMLReport
import MarkdownNotebook
import StepLanguage

/// How a run is set up: where reports go, parameter overrides, data, threads, output options.
public struct RunSettings: Sendable {
  public var outputFolder: String
  /// `name=value` overrides of front-matter parameters.
  public var parameterOverrides: [String]
  /// `--data-dir`: a folder holding the data set's IDX files.
  public var dataFolder: String?
  public var environment: [String: String]
  public var threads: Int
  /// Pass raw HTML in prose through (cmark's unsafe mode); off by default.
  public var unsafeHTML: Bool
  /// Colour diagnostics with ANSI escapes.
  public var color: Bool
  /// Reuse and store step results in `cacheFolder` (`--no-cache` turns it off).
  public var useCache: Bool = true
  /// Report, per top-level statement, whether it came from the cache or why it ran.
  public var explain: Bool = false
  /// Where the step cache lives; nil means `OUTPUT/.cache`.
  public var cacheFolder: String? = nil
  /// The version that goes into every cache key (tests inject another to see invalidation).
  public var cacheVersion: String = QuantbookVersion.string
  /// What the reports say about the machine (CPU features, threads, version): this machine's
  /// by default; tests inject a fixed one so reports do not depend on the host.
  public var host: HostDescription

  public init(
    outputFolder: String = "output", parameterOverrides: [String] = [], dataFolder: String? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment, threads: Int,
    unsafeHTML: Bool = false, color: Bool = false, host: HostDescription? = nil
  ) {
    self.host = host ?? .current(threads: threads)
    self.outputFolder = outputFolder
    self.parameterOverrides = parameterOverrides
    self.dataFolder = dataFolder
    self.environment = environment
    self.threads = threads
    self.unsafeHTML = unsafeHTML
    self.color = color
  }

  /// The step cache's folder: `cacheFolder`, else `OUTPUT/.cache`.
  public var resolvedCacheFolder: String { cacheFolder ?? outputFolder + "/.cache" }

  /// `SOURCE_DATE_EPOCH`, when set: the report date, and timings are left out.
  var sourceDateEpoch: Int? { environment["SOURCE_DATE_EPOCH"].flatMap { Int($0) } }
}

/// Checks and runs notebooks; writes one report per notebook and an index.
///
/// The only library that touches the disk and the clock. Progress goes to `events`; results
/// come back as `NotebookOutcome`s (the CLI prints them).
public final class Runner: Sendable {
  let settings: RunSettings
  let events: @Sendable (RunEvent) -> Void
  let data: DataProvider
  let clock: @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

  public init(settings: RunSettings, events: @escaping @Sendable (RunEvent) -> Void = { _ in }) {
    self.settings = settings
    self.events = events
    self.data = DataProvider(
      locator: DataLocator(explicitFolder: settings.dataFolder, environment: settings.environment))
  }

  /// Parses and type-checks each notebook; nothing runs, nothing is written.
  public func check(_ paths: [String]) throws(RunnerError) -> [NotebookOutcome] {
    try NotebookDiscovery.notebooks(in: paths).map { path throws(RunnerError) in
      let start = clock()
      let prepared = PreparedNotebook(path: path, source: try read(path), overrides: settings.parameterOverrides)
      return NotebookOutcome(
        path: path, reportPath: nil, messages: prepared.renderedDiagnostics(color: settings.color),
        succeeded: !prepared.hasErrors, seconds: clock() - start)
    }
  }

  /// Checks every notebook, runs those without errors, writes their reports and the index.
  ///
  /// A notebook with static errors runs nothing and gets no report. A runtime failure stops
  /// that notebook; its report shows the error in place and is marked failed.
  public func run(_ paths: [String]) throws(RunnerError) -> [NotebookOutcome] {
    let notebooks = try NotebookDiscovery.notebooks(in: paths)
    try AtomicFile.ensureWritableFolder(settings.outputFolder)
    var outcomes: [NotebookOutcome] = []
    for (i, path) in notebooks.enumerated() {
      events(.notebookStarted(path: path, position: i + 1, count: notebooks.count))
      let outcome = try runOne(path)
      events(.notebookFinished(outcome))
      outcomes.append(outcome)
    }
    try IndexWriter.write(folder: settings.outputFolder)
    return outcomes
  }

  private func read(_ path: String) throws(RunnerError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(path: path, reason: "it does not exist or is not readable")
    }
    return String(decoding: data, as: UTF8.self)
  }

  private func runOne(_ path: String) throws(RunnerError) -> NotebookOutcome {
    let start = clock()
    let prepared = PreparedNotebook(path: path, source: try read(path), overrides: settings.parameterOverrides)
    if prepared.hasErrors {
      return NotebookOutcome(
        path: path, reportPath: nil, messages: prepared.renderedDiagnostics(color: settings.color),
        succeeded: false, seconds: clock() - start)
    }
    let record = execute(prepared, start: start)
    let name = NotebookDiscovery.reportName(for: path)
    let htmlPath = settings.outputFolder + "/" + name + ".html"
    try AtomicFile.write(renderPage(ReportAssembler.report(record)), to: htmlPath)
    try AtomicFile.write(ReportJSON.document(record).rendered() + "\n", to: settings.outputFolder + "/" + name + ".json")
    // Measured times left out of a reproducible report go beside it; a normal run's report
    // holds them itself, so an older timings file would only mislead.
    let timingsPath = settings.outputFolder + "/" + name + ".timings.json"
    if record.reproducible {
      try AtomicFile.write(Timings.document(record).rendered() + "\n", to: timingsPath)
    } else if FileManager.default.fileExists(atPath: timingsPath) {
      try? FileManager.default.removeItem(atPath: timingsPath)
    }
    var messages: [String] = []
    for run in record.cellRuns.compactMap({ $0 }) {
      if let failure = run.failure { messages.append(RuntimeDiagnostics.render(failure, prepared, color: settings.color)) }
    }
    return NotebookOutcome(
      path: path, reportPath: htmlPath, messages: messages, succeeded: record.succeeded, seconds: record.seconds)
  }

  /// Runs the cells in order until one fails, then the prose inline expressions.
  private func execute(_ prepared: PreparedNotebook, start: Double) -> RunRecord {
    let environment = StepEnvironment(
      seed: prepared.seed, threads: settings.threads, data: data, clock: clock, events: events,
      notebookPath: prepared.path, outputFolder: settings.outputFolder)
    let cache = StepCache(
      store: CacheStore(folder: settings.resolvedCacheFolder), enabled: settings.useCache, notebookPath: prepared.path,
      seed: prepared.seed, version: settings.cacheVersion, parameters: prepared.parameters,
      locator: DataLocator(explicitFolder: settings.dataFolder, environment: settings.environment))
    let interpreter = Interpreter(
      parameters: prepared.parameters, environment: environment, cache: cache, explain: settings.explain)
    interpreter.timings = settings.sourceDateEpoch == nil
    var runs: [CellRun?] = []
    var failed = false
    for cell in prepared.checked.cells {
      interpreter.cellCaches = cell.options.cache
      if failed {
        runs.append(nil)
        continue
      }
      let run = interpreter.run(cell)
      failed = run.failure != nil
      runs.append(run)
    }
    var measuredInline: [(expression: String, text: String)] = []
    let inlineTexts = prepared.checked.inlines.enumerated().map { index, inline -> String in
      if failed { return "(not computed)" }
      let text = prepared.notebook.inlineExpressions.indices.contains(index)
        ? prepared.notebook.inlineExpressions[index].text : "\(inline.expression.range)"
      let measured = interpreter.measuredInlineTexts.count
      let result = interpreter.inlineText(inline, text: text)
      if interpreter.measuredInlineTexts.count > measured, let last = interpreter.measuredInlineTexts.last {
        measuredInline.append((text, last))
      }
      switch result {
      case .success(let text): return text
      case .failure(let failure): return "(error: \(failure.message))"
      }
    }
    cache.finish()
    return RunRecord(
      prepared: prepared, cellRuns: runs, inlineTexts: inlineTexts, datasets: interpreter.datasets,
      seconds: clock() - start, date: reportDate(), reproducible: settings.sourceDateEpoch != nil,
      host: settings.host, unsafeHTML: settings.unsafeHTML, cacheStatuses: cache.statuses,
      measuredInline: measuredInline)
  }

  private func reportDate() -> String {
    let date = settings.sourceDateEpoch.map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? Date()
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
    return formatter.string(from: date)
  }
}

/// Runtime failures printed like compile errors: `file:line:col: error: ...`.
enum RuntimeDiagnostics {
  static func render(_ failure: StepFailure, _ prepared: PreparedNotebook, color: Bool) -> String {
    guard let range = failure.range else {
      return "\(prepared.path): error: \(failure.message)" + (failure.hint.map { "\nhint: \($0)" } ?? "")
    }
    let diagnostic = Diagnostic.error(
      failure.message, at: range, notes: failure.hint.map { [DiagnosticNote("hint: " + $0)] } ?? [])
    return DiagnosticRenderer(path: prepared.path, source: prepared.source, color: color).render(diagnostic)
  }
}
