import ArgumentParser
import Foundation
import Kernels
import NotebookRunner

/// Options shared by `run` and `check`.
struct NotebookOptions: ParsableArguments {
  @Argument(help: "Notebooks (.md files) or folders of notebooks.")
  var paths: [String]

  @Option(
    name: .customLong("param"),
    help: "Override a front-matter parameter: --param name=value (repeatable).")
  var parameters: [String] = []

  @Option(
    name: .customLong("data-dir"),
    help: ArgumentHelp(
      "Folder holding the data set's IDX files (default: $QUANTBOOK_DATA, then "
        + "/usr/share/datasets/...)."))
  var dataDirectory: String?

  @Option(help: "Threads for the engine (default: QUANTBOOK_THREADS or the number of cores).")
  var threads: Int?

  func validate() throws { try ThreadCount.validate(threads) }

  /// The run's settings; the reports describe this machine (`HostDescription.current`).
  func settings(output: String = "output", unsafeHTML: Bool = false) -> RunSettings {
    let threads = threads ?? ThreadCount.default
    return RunSettings(
      outputFolder: output, parameterOverrides: parameters, dataFolder: dataDirectory,
      threads: threads, unsafeHTML: unsafeHTML, color: Terminal.standardError.useColor,
      host: .current(threads: threads))
  }
}

/// `--output DIR` and `--unsafe-html`: where `run` and `merge` write the reports, and whether
/// raw HTML in the prose is kept.
struct ReportOptions: ParsableArguments {
  @Option(name: .shortAndLong, help: "Folder for the reports.")
  var output = "output"

  @Flag(
    name: .customLong("unsafe-html"), help: "Keep raw HTML written in the prose (off by default).")
  var unsafeHTML = false
}

/// `quantbook run PATHS...`: check, run, and write reports.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Check and run notebooks; write NAME.html and NAME.json (and NAME.ipynb with --to ipynb) "
      + "per notebook and index.html.")

  @OptionGroup var options: NotebookOptions

  @OptionGroup var report: ReportOptions

  @Flag(
    name: .customLong("no-cache"),
    help: "Run every statement; neither read nor write the step cache (OUTPUT/.cache).")
  var noCache = false

  @Flag(help: "Say for each statement whether it came from the cache or why it runs.")
  var explain = false

  @Option(
    name: .customLong("to"),
    help: ArgumentHelp(
      "Formats to write per notebook: html (always), ipynb (NAME.ipynb, a Jupyter notebook).",
      discussion: "Repeatable or comma-separated: --to html,ipynb or --to ipynb.",
      valueName: "format"))
  var formats: [String] = []

  @OptionGroup var cache: SharedCacheOptions

  @Option(
    help: """
      Run only part i of N of the work (0-based) into the cache, no report: i/N, or N alone \
      with i from $SLURM_ARRAY_TASK_ID or $JOB_COMPLETION_INDEX (docs/SCALE.md).
      """)
  var shard: String?
  @Flag(
    name: .customLong("strict-claims"),
    help: "Exit 1 when a claim does not hold (by default it is only shown in the report).")
  var strictClaims = false

  @OptionGroup var kernelPath: KernelsOption

  @OptionGroup var convolution: ConvolutionOption

  func run() throws {
    try kernelPath.apply()
    let terminal = Terminal.standardError
    let progress = ProgressDisplay(terminal: terminal)
    var settings = options.settings(output: report.output, unsafeHTML: report.unsafeHTML)
    convolution.apply(to: &settings)
    settings.useCache = !noCache
    settings.explain = explain
    settings.formats = try terminal.exitOnError { () throws(RunnerError) in
      try ReportFormat.parse(formats)
    }
    settings.cacheFolder = cache.cacheFolder
    if let shard {
      let environment = settings.environment
      settings.shard = try terminal.exitOnError { () throws(RunnerError) -> ShardSpec in
        guard !noCache else {
          throw RunnerError.usage(
            flag: "--shard", message: "shards share their work through the cache; drop --no-cache")
        }
        return try ShardSpec.parse(shard, environment: environment)
      }
    }
    let runner = Runner(settings: settings) { event in
      // --explain: a statement that ran quickly still gets its line, with the reason.
      if case .stepFinished(let path, let line, let step, let seconds, false, let reason?) = event,
        seconds < 1
      {
        terminal.line("  \(path):\(line) \(step): runs (\(reason))")
      } else {
        progress.show(event)
      }
    }
    let outcomes = try terminal.exitOnError { () throws(RunnerError) in
      try runner.run(options.paths)
    }
    let failed = outcomes.filter { !$0.succeeded }
    if let spec = settings.shard {
      terminal.line(
        "shard \(spec.index)/\(spec.count): \(failed.isEmpty ? "done" : "\(failed.count) failed"); "
          + "results in \(settings.resolvedCacheFolder); `quantbook merge` once every shard is done"
      )
    } else if !outcomes.isEmpty {
      terminal.line(
        "\(outcomes.count - failed.count) of \(outcomes.count) notebooks ran; reports in "
          + "\(report.output)/index.html"
      )
    }
    ClaimLines.summary(outcomes, strict: strictClaims, terminal: terminal)
    let status = ExitStatus.of(.success(outcomes), strictClaims: strictClaims)
    if status != ExitStatus.success { throw ExitCode(status) }
  }
}

/// `quantbook check PATHS...`: parse and type-check only.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Parse and type-check notebooks without running them; exit 1 on any error.")

  @OptionGroup var options: NotebookOptions

  func run() throws {
    let terminal = Terminal.standardError
    let runner = Runner(settings: options.settings())
    let outcomes = try terminal.exitOnError { () throws(RunnerError) in
      try runner.check(options.paths)
    }
    outcomes.flatMap(\.messages).forEach(terminal.line)
    let failed = outcomes.filter { !$0.succeeded }.count
    let total = outcomes.reduce(0) { $0 + $1.seconds }
    terminal.line(
      "checked \(outcomes.count) notebook\(outcomes.count == 1 ? "" : "s") in "
        + "\(String(format: "%.1f", total * 1000)) ms: "
        + (failed == 0 ? "no errors" : "\(failed) with errors"))
    let status = ExitStatus.of(.success(outcomes))
    if status != ExitStatus.success { throw ExitCode(status) }
  }
}
