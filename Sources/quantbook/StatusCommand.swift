import ArgumentParser
import Foundation
import NotebookRunner

/// `quantbook status PATHS...`: what the cache holds of each notebook.
struct Status: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Say which statements of each notebook are done, running or missing in the cache.",
    discussion: "Reads the notebooks and the cache only; runs no step. Exit status 0.")

  @OptionGroup var options: NotebookOptions

  @Option(name: .shortAndLong, help: "The output folder (its .cache is the default cache).")
  var output = "output"

  @OptionGroup var cache: SharedCacheOptions

  @OptionGroup var convolution: ConvolutionOption

  func run() throws {
    let terminal = Terminal.standardError
    var settings = options.settings(output: output)
    settings.cacheFolder = cache.cacheFolder
    convolution.apply(to: &settings)
    let notebooks = try terminal.exitOnError { () throws(RunnerError) in
      try Runner(settings: settings).status(options.paths)
    }
    var lines: [String] = []
    for notebook in notebooks {
      guard notebook.errors.isEmpty else {
        lines.append("\(notebook.path): does not check (\(notebook.errors.count) errors)")
        continue
      }
      let done = notebook.statements.filter { $0.state == .done }.count
      lines.append("\(notebook.path): \(done) of \(notebook.statements.count) statements done")
      for statement in notebook.statements {
        lines.append("  line \(statement.line): \(Self.words(statement)): \(statement.label)")
      }
    }
    lines.append("cache: \(settings.resolvedCacheFolder)")
    print(lines.joined(separator: "\n"))
  }

  /// `done`, `running (pid 12 on node3, for 40 s)`, `missing`, `not cached`; for a sharded
  /// loop also `5 of 24 iterations done, 2 running`.
  static func words(_ statement: StatementProgress) -> String {
    var text: String
    switch statement.state {
    case .done: text = "done"
    case .running(let who): text = "running (\(who))"
    case .missing: text = "missing"
    case .uncached: text = "not cached"
    }
    let iterations = statement.iterations
    if !iterations.isEmpty {
      let done = iterations.filter { $0 == .done }.count
      let running = iterations.filter { if case .running = $0 { true } else { false } }.count
      text += " (\(done) of \(iterations.count) iterations done, \(running) running)"
    }
    return text
  }
}
