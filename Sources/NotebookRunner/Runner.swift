import Foundation
import HTMLReport
import MarkdownNotebook
import StepLanguage
import TensorEngine

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
  /// Where the step cache lives; nil means `QUANTBOOK_CACHE`, else `OUTPUT/.cache`.
  public var cacheFolder: String? = nil
  /// `--shard i/N`: run only this shard's part of the work into the cache, write no report.
  public var shard: ShardSpec? = nil
  /// The version that goes into every cache key (tests inject another to see invalidation).
  public var cacheVersion: String = QuantbookVersion.string
  /// What to write per notebook (`--to`): always html (and NAME.json); ipynb adds NAME.ipynb.
  public var formats: [ReportFormat] = [.html]
  /// What the reports say about the machine (CPU features, threads, version). The command
  /// line passes `HostDescription.current`; without one the reports state no CPU features,
  /// so a library caller (a test) never reads the host.
  public var host: HostDescription
  /// `--convolution`: the float inference convolution for every notebook of the run, over
  /// their front matter's `convolution:`; nil: each notebook's own (default direct).
  public var convolution: InferenceOptions.Convolution? = nil

  public init(
    outputFolder: String = "output", parameterOverrides: [String] = [], dataFolder: String? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment, threads: Int,
    unsafeHTML: Bool = false, color: Bool = false, host: HostDescription? = nil
  ) {
    self.host =
      host
      ?? HostDescription(
        cpuFeatures: ["not stated"], threads: threads, engineVersion: QuantbookVersion.string)
    self.outputFolder = outputFolder
    self.parameterOverrides = parameterOverrides
    self.dataFolder = dataFolder
    self.environment = environment
    self.threads = threads
    self.unsafeHTML = unsafeHTML
    self.color = color
  }

  /// The step cache's folder: `cacheFolder`, else `QUANTBOOK_CACHE` (a folder several
  /// machines may share, docs/SCALE.md), else `OUTPUT/.cache`.
  public var resolvedCacheFolder: String {
    cacheFolder ?? environment["QUANTBOOK_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
      ?? outputFolder + "/.cache"
  }

  /// Where the data set files are looked for: `--data-dir`, else the environment's folders.
  var dataLocator: DataLocator { DataLocator(explicitFolder: dataFolder, environment: environment) }

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
      locator: settings.dataLocator,
      cacheFolder: settings.useCache ? settings.resolvedCacheFolder : nil,
      threads: settings.threads)
  }

  /// Parses and type-checks each notebook; nothing runs, nothing is written.
  /// - Throws: the usage errors of `plan` (before anything is checked).
  public func check(_ paths: [String]) throws(RunnerError) -> [NotebookOutcome] {
    try plan(paths).map { notebook in
      let start = clock()
      return checkOutcome(notebook.prepared, notes: notebook.notes, since: start)
    }
  }

  /// What checking `prepared` found: `notes`, then its diagnostics; failed on any error.
  func checkOutcome(_ prepared: PreparedNotebook, notes: [String], since start: Double)
    -> NotebookOutcome
  {
    NotebookOutcome(
      path: prepared.path, reportPath: nil,
      messages: notes + prepared.renderedDiagnostics(color: settings.color),
      succeeded: !prepared.hasErrors, seconds: clock() - start)
  }

  /// Checks every notebook, runs those without errors, writes their reports and the index.
  ///
  /// A notebook with static errors runs nothing and gets no report. A runtime failure stops
  /// that notebook; its report shows the error in place and is marked failed.
  /// - Throws: the usage errors of `plan` before anything runs or is written; file errors.
  public func run(_ paths: [String]) throws(RunnerError) -> [NotebookOutcome] {
    let notebooks = try plan(paths)
    try settings.validateCacheFolder()
    try AtomicFile.checkWritableFolder(settings.outputFolder)
    let names = NotebookDiscovery.reportNames(for: notebooks.map(\.path))
    var outcomes: [NotebookOutcome] = []
    for (i, notebook) in notebooks.enumerated() {
      events(.notebookStarted(path: notebook.path, position: i + 1, count: notebooks.count))
      var outcome = try runOne(notebook, name: names[i], position: i)
      outcome.messages = notebook.notes + outcome.messages
      events(.notebookFinished(outcome))
      outcomes.append(outcome)
    }
    // A shard draws nothing: `merge` writes the reports and the index.
    // The folder exists once a report (or a saved file) was written; a run that wrote
    // nothing into a new folder leaves none.
    if settings.shard == nil, FileManager.default.fileExists(atPath: settings.outputFolder) {
      try IndexWriter.write(folder: settings.outputFolder)
    }
    return outcomes
  }

  /// One notebook of a run: its text, the `--param` overrides that apply to it, and a note
  /// (`path: note: ...`) for each that does not.
  struct PlannedNotebook {
    var path: String
    var source: String
    var overrides: [String]
    var notes: [String]

    /// The notebook parsed and checked with its overrides.
    var prepared: PreparedNotebook {
      PreparedNotebook(path: path, source: source, overrides: overrides)
    }
  }

  /// Finds the notebooks of `paths`, reads them and shares the `--param` overrides among
  /// them (`RunParameters`), after checking the `--data-dir` and `QUANTBOOK_DATA` folders.
  /// - Throws: `RunnerError.usage` for a malformed or unusable flag, `.environment` for a
  ///   bad `QUANTBOOK_DATA`, `.noNotebooks` and `.unreadable` for paths.
  func plan(_ paths: [String]) throws(RunnerError) -> [PlannedNotebook] {
    _ = try RunParameters.parse(settings.parameterOverrides)
    try settings.dataLocator.validate()
    let files = try NotebookDiscovery.notebooks(in: paths)
    let sources = try files.map { path throws(RunnerError) in try read(path) }
    let declarations = zip(files, sources).map { path, source in
      PreparedNotebook.declarations(of: Notebook.parseCollectingErrors(source, path: path).notebook)
    }
    let parameters = try RunParameters(settings.parameterOverrides, declarations: declarations)
    return files.indices.map { i in
      PlannedNotebook(
        path: files[i], source: sources[i], overrides: parameters.applicable[i],
        notes: parameters.notes[i].map { "\(files[i]): note: \($0)" })
    }
  }

  private func read(_ path: String) throws(RunnerError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(path: path, reason: NotebookDiscovery.whyUnreadable(path))
    }
    return String(decoding: data, as: UTF8.self)
  }

  private func runOne(_ notebook: PlannedNotebook, name: String, position: Int)
    throws(RunnerError) -> NotebookOutcome
  {
    let start = clock()
    let path = notebook.path
    let prepared = notebook.prepared
    if prepared.hasErrors { return checkOutcome(prepared, notes: [], since: start) }
    var mode = InterpreterMode.whole
    if let spec = settings.shard {
      let role = ShardRole(spec: spec, notebook: position)
      guard role.ownsRest || prepared.hasShardedLoops else {
        return NotebookOutcome(
          path: path, reportPath: nil, messages: [], succeeded: true, seconds: clock() - start)
      }
      mode = .shard(role)
    }
    let (record, _) = execute(prepared, start: start, mode: mode)
    // No errors here: these are the checker's warnings (an option with no effect, an unused
    // name), which `run` shows as `check` does rather than dropping them.
    let warnings = prepared.renderedDiagnostics(color: settings.color)
    if settings.shard != nil {
      return NotebookOutcome(
        path: path, reportPath: nil, messages: warnings + failureMessages(record),
        succeeded: record.succeeded, seconds: record.seconds)
    }
    var outcome = try write(record, name: name)
    outcome.messages = warnings + outcome.messages
    return outcome
  }

  /// Writes a notebook's report, its JSON (and timings beside a reproducible report).
  func write(_ record: RunRecord, name: String) throws(RunnerError) -> NotebookOutcome {
    let prepared = record.prepared
    let path = prepared.path
    let base = settings.outputFolder + "/" + name
    try AtomicFile.write(renderPage(ReportAssembler.report(record)), to: base + ".html")
    try AtomicFile.write(ReportJSON.document(record).rendered() + "\n", to: base + ".json")
    if settings.formats.contains(.ipynb) {
      let notebook = NotebookIPYNB.document(record).rendered(indent: 1)
      try AtomicFile.write(notebook + "\n", to: base + ".ipynb")
    }
    // Measured times left out of a reproducible report go beside it; a normal run's report
    // holds them itself, so an older timings file would only mislead.
    let timingsPath = base + ".timings.json"
    if record.reproducible {
      try AtomicFile.write(Timings.document(record).rendered() + "\n", to: timingsPath)
    } else if FileManager.default.fileExists(atPath: timingsPath) {
      try? FileManager.default.removeItem(atPath: timingsPath)
    }
    return NotebookOutcome(
      path: path, reportPath: base + ".html", messages: failureMessages(record),
      succeeded: record.succeeded, seconds: record.seconds,
      claims: ClaimSummary.outcomes(record))
  }

  /// The runtime failures of a run, printed like compile errors: `file:line:col: error: ...`.
  func failureMessages(_ record: RunRecord) -> [String] {
    let prepared = record.prepared
    let renderer = DiagnosticRenderer(
      path: prepared.path, source: prepared.source, color: settings.color)
    return record.cellRuns.compactMap { $0?.failure }.map { failure in
      guard let range = failure.range else {
        return "\(prepared.path): error: \(failure.message)"
          + (failure.hint.map { "\nhint: \($0)" } ?? "")
      }
      return renderer.render(
        Diagnostic.error(
          failure.message, at: range,
          notes: failure.hint.map { [DiagnosticNote("hint: " + $0)] } ?? []))
    }
  }

  /// Runs the cells in order until one fails, then the prose inline expressions, with the
  /// notebook's convolution setting bound for every float inference (`InferenceOptions.current`).
  func execute(_ prepared: PreparedNotebook, start: Double, mode: InterpreterMode)
    -> (RunRecord, missing: [MissingEntry])
  {
    let convolution = settings.effectiveConvolution(for: prepared)
    return InferenceOptions.$current.withValue(InferenceOptions(convolution: convolution)) {
      executeCells(prepared, start: start, mode: mode, convolution: convolution)
    }
  }

  private func executeCells(
    _ prepared: PreparedNotebook, start: Double, mode: InterpreterMode,
    convolution: InferenceOptions.Convolution
  ) -> (RunRecord, missing: [MissingEntry]) {
    var environment = StepEnvironment(
      seed: prepared.seed, threads: settings.threads, data: data, clock: clock, events: events,
      notebookPath: prepared.path, outputFolder: settings.outputFolder)
    environment.integerKernels = settings.host.integerKernels
    let cache = stepCache(
      for: prepared, store: CacheStore(folder: settings.resolvedCacheFolder),
      enabled: settings.useCache)
    let path = prepared.path
    cache.sharing = CacheSharing(environment: settings.environment) { [events] message in
      events(.note(path: path, message: message))
    }
    let interpreter = Interpreter(
      parameters: prepared.parameters, environment: environment, cache: cache,
      explain: settings.explain)
    interpreter.timings = settings.sourceDateEpoch == nil
    interpreter.mode = mode
    let drawsReport = if case .shard(let role) = mode { role.ownsRest } else { true }
    var failed = false
    let runs = prepared.checked.cells.map { cell -> CellRun? in
      interpreter.cellCaches = cell.options.cache
      guard !failed else { return nil }
      let run = interpreter.run(cell)
      failed = run.failure != nil
      return run
    }
    var measuredInline: [(expression: String, text: String)] = []
    let inlineTexts = prepared.checked.inlines.enumerated().map { index, inline -> String in
      if failed || !drawsReport { return "(not computed)" }
      let text =
        prepared.notebook.inlineExpressions.indices.contains(index)
        ? prepared.notebook.inlineExpressions[index].text : "\(inline.expression.range)"
      let measured = interpreter.measuredInlineTexts.count
      let result = interpreter.inlineText(inline, text: text)
      if interpreter.measuredInlineTexts.count > measured,
        let last = interpreter.measuredInlineTexts.last
      {
        measuredInline.append((text, last))
      }
      switch result {
      case .success(let text): return text
      case .failure(let failure): return "(error: \(failure.message))"
      }
    }
    if case .whole = mode { cache.finish() }
    let record = RunRecord(
      prepared: prepared, cellRuns: runs, inlineTexts: inlineTexts, datasets: interpreter.datasets,
      seconds: clock() - start, date: reportDate(), reproducible: settings.sourceDateEpoch != nil,
      host: settings.host, unsafeHTML: settings.unsafeHTML, cacheStatuses: cache.statuses,
      measuredInline: measuredInline, convolution: convolution)
    return (record, interpreter.missing)
  }

  /// The step cache of `prepared`'s run (or of its status: `enabled` false) over `store`.
  func stepCache(for prepared: PreparedNotebook, store: CacheStore, enabled: Bool) -> StepCache {
    let cache = StepCache(
      store: store, enabled: enabled, notebookPath: prepared.path, seed: prepared.seed,
      version: settings.cacheKeyVersion(for: prepared), parameters: prepared.parameters,
      locator: settings.dataLocator)
    cache.kernelPath = settings.host.integerKernels
    return cache
  }

  private func reportDate() -> String {
    let date =
      settings.sourceDateEpoch.map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? Date()
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
    return formatter.string(from: date)
  }
}
