import ArgumentParser
import CPUID
import Foundation
import NotebookRunner

/// The `quantbook` command: argument parsing and exit codes only; the work is in the libraries.
///
/// Exit status: 0 on success, 1 when a notebook (or a benchmark) fails, 2 on a usage error.
@main
struct Quantbook: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quantbook",
    abstract: "Run quantization notebooks and write self-contained HTML reports.",
    discussion: """
      A notebook is a Markdown file whose ```quant blocks hold typed steps: load data, build \
      a CNN, train it, quantize it, evaluate. `quantbook run` checks the whole notebook first, \
      then runs it and writes output/NAME.html.
      """,
    version: QuantbookVersion.string,
    subcommands: [
      Run.self, Check.self, Steps.self, Bench.self, Clean.self, Merge.self, Status.self,
    ])

  /// Parses the arguments and runs the command, mapping every failure to exit status 1 or 2.
  static func main() {
    // Before any code built for AVX2 runs: a CPU without it gets a message, not SIGILL.
    if let missing = qb_cpu_baseline_missing(qb_cpu_features()) {
      FileHandle.standardError.write(Data(("error: " + String(cString: missing) + "\n").utf8))
      Foundation.exit(1)
    }
    let arguments = Array(CommandLine.arguments.dropFirst())
    let command: ParsableCommand
    do {
      command = try parseAsRoot(arguments)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
      if error is ExitCode { Foundation.exit(code.rawValue) }
      Foundation.exit(2)
    }
    Interruption.install()
    do {
      var mutable = command
      try mutable.run()
    } catch let exit as ExitCode {
      Foundation.exit(exit.rawValue)
    } catch {
      let code = exitCode(for: error)
      FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
      Foundation.exit(code == .validationFailure ? 2 : (code == .success ? 0 : 1))
    }
  }
}
