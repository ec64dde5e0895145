import ArgumentParser
import Foundation
import NotebookRunner

/// `--cache DIR`: the step cache folder, which several machines may share.
struct SharedCacheOptions: ParsableArguments {
  @Option(
    name: .customLong("cache"),
    help: """
      The step cache folder (default: $QUANTBOOK_CACHE, else OUTPUT/.cache); a shared folder \
      lets shards on several machines work together (docs/SCALE.md).
      """)
  var cacheFolder: String?
}

/// `quantbook merge PATHS...`: the reports of a sharded run, from the cache alone.
struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write the reports and the index from the cache after `run --shard i/N`.",
    discussion: """
      Computes nothing. If any statement or loop iteration is not in the cache, lists them, \
      writes nothing and exits with status 1.
      """)

  @OptionGroup var options: NotebookOptions

  @OptionGroup var report: ReportOptions

  @OptionGroup var cache: SharedCacheOptions

  @OptionGroup var convolution: ConvolutionOption

  func run() throws {
    let terminal = Terminal.standardError
    let progress = ProgressDisplay(terminal: terminal)
    var settings = options.settings(output: report.output, unsafeHTML: report.unsafeHTML)
    settings.cacheFolder = cache.cacheFolder
    convolution.apply(to: &settings)
    let runner = Runner(settings: settings) { event in
      if case .stepFinished = event { return }  // every step comes from the cache
      progress.show(event)
    }
    let result = try terminal.exitOnError { () throws(RunnerError) in
      try runner.merge(options.paths)
    }
    guard result.isComplete else {
      result.outcomes.flatMap(\.messages).forEach(terminal.line)
      let count = result.missing.reduce(0) { $0 + $1.entries.count }
      terminal.error(
        "\(count) entr\(count == 1 ? "y is" : "ies are") not in the cache "
          + "\(settings.resolvedCacheFolder); no report was written")
      for (path, entries) in result.missing {
        for entry in entries { terminal.line("\(path):\(entry.line): missing: \(entry.label)") }
      }
      terminal.line(
        "run the shards that are not done (`quantbook status` shows which), then merge again")
      throw ExitCode(ExitStatus.failure)
    }
    let failed = result.outcomes.filter { !$0.succeeded }
    terminal.line(
      "\(result.outcomes.count - failed.count) of \(result.outcomes.count) notebooks merged; "
        + "reports in \(report.output)/index.html")
    let status = ExitStatus.of(.success(result.outcomes))
    if status != ExitStatus.success { throw ExitCode(status) }
  }
}
