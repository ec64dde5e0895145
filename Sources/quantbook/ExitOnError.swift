import ArgumentParser
import NotebookRunner

extension Terminal {
  /// The value of `body`; a `RunnerError` is printed as one error line and ends the command
  /// with the error's exit status (`ExitStatus.of`).
  func exitOnError<T>(_ body: () throws(RunnerError) -> T) throws -> T {
    do {
      return try body()
    } catch {
      self.error(error.description)
      throw ExitCode(ExitStatus.of(error))
    }
  }
}
