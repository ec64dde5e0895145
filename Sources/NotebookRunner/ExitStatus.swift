/// The exit status of `quantbook run` and `quantbook check`, decided from what the runner
/// returned, so that tests get exactly the status the command line exits with.
///
/// - 0: every notebook succeeded;
/// - 1: a notebook failed (a static error, a runtime failure) or a file could not be read,
///   written or parsed as data; with `--strict-claims`, also a claim that does not hold;
/// - 2: a usage error: a path that names no notebook, a malformed or unused `--param`, a
///   `--data-dir` that does not exist (`RunnerError.isUsageError`).
public enum ExitStatus {
  public static let success: Int32 = 0
  public static let failure: Int32 = 1
  public static let usage: Int32 = 2

  /// The status for a finished `run` or `check` (`outcomes`), or one that threw `error`.
  public static func of(
    _ result: Result<[NotebookOutcome], RunnerError>, strictClaims: Bool = false
  ) -> Int32 {
    switch result {
    case .success(let outcomes):
      if strictClaims, outcomes.contains(where: { $0.claims.contains { !$0.held } }) {
        return failure
      }
      return outcomes.allSatisfy(\.succeeded) ? success : failure
    case .failure(let error):
      return of(error)
    }
  }

  /// The status for an error that stopped the runner before or between notebooks.
  public static func of(_ error: RunnerError) -> Int32 {
    error.isUsageError ? usage : failure
  }
}
