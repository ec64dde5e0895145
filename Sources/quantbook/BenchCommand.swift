import ArgumentParser
import Benchmarks
import Foundation
import Kernels

/// `quantbook bench [SUITE...] [--json]`: measures speed (and accuracy) figures.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure the engine: GEMM, training, inference and more (release builds only).",
    discussion: "Suites: \(benchSuites.map(\.name).joined(separator: ", ")). Default: all.")

  @Argument(help: "Suites to run (default: all).")
  var suites: [String] = []

  @Flag(help: "Print one JSON object per figure instead of a table.")
  var json = false

  @Option(help: "Timed repetitions per figure; the median is reported.")
  var repeats = 5

  @Option(help: "Threads (default: QUANTBOOK_THREADS or the number of cores).")
  var threads: Int?

  @Option(name: .customLong("data-dir"), help: "Folder holding the Fashion-MNIST IDX files.")
  var dataDirectory: String?

  @Flag(help: "Allow a debug build (figures are then meaningless).")
  var allowDebug = false

  @OptionGroup var kernelPath: KernelsOption

  func validate() throws {
    let known = Set(benchSuites.map(\.name))
    for suite in suites where !known.contains(suite) {
      throw ValidationError(
        "unknown suite '\(suite)'; known suites: \(benchSuites.map(\.name).joined(separator: ", "))"
      )
    }
    guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
    try ThreadCount.validate(threads)
  }

  func run() throws {
    #if DEBUG
      if !allowDebug {
        throw ValidationError(
          "benchmarks need a release build: swift run -c release quantbook bench ...")
      }
    #endif
    try kernelPath.apply()
    // Which kernels ran, in words (the JSON figures carry the path's name).
    if !json { print(KernelDispatch.summary().joined(separator: "; ") + "\n") }
    let selected = suites.isEmpty ? benchSuites : benchSuites.filter { suites.contains($0.name) }
    let terminal = Terminal.standardError
    let options = BenchOptions(
      repeats: repeats, threads: threads ?? ThreadCount.default,
      dataDirectory: dataDirectory ?? ProcessInfo.processInfo.environment["QUANTBOOK_DATA"],
      progress: { line in terminal.status(line) })
    var failed = false
    for suite in selected {
      terminal.status("bench \(suite.name): \(suite.summary)")
      do {
        let figures = try suite.run(options)
        terminal.clearStatus()
        if json {
          for figure in figures { print(figure.json) }
        } else {
          print(BenchTable.render(suite: suite.name, figures: figures))
        }
      } catch {
        terminal.clearStatus()
        terminal.error("bench \(suite.name): \(error)")
        failed = true
      }
    }
    if failed { throw ExitCode(1) }
  }
}

/// The human table of a suite's figures.
enum BenchTable {
  static func render(suite: String, figures: [BenchFigure]) -> String {
    let nameWidth = max(4, figures.map(\.name.count).max() ?? 0)
    var lines = ["\(suite)"]
    for figure in figures {
      let value = String(format: "%12.2f", figure.value)
      let name = figure.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
      let note = figure.note.isEmpty ? "" : "  (\(figure.note))"
      lines.append("  \(name)  \(value) \(figure.unit)\(note)")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
