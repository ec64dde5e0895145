/// What the runner reports while it works, for a progress display. Never results.
public enum RunEvent: Sendable {
  /// A notebook starts (1-based position among `count`).
  case notebookStarted(path: String, position: Int, count: Int)
  /// A step starts: `step` is its name, `line` its file line.
  case stepStarted(path: String, line: Int, step: String)
  /// Training progress of the current step, after each batch.
  case training(TrainingStatus)
  /// A step is done.
  case stepFinished(
    path: String, line: Int, step: String, seconds: Double, cached: Bool, reason: String?)
  /// A notebook is done.
  case notebookFinished(NotebookOutcome)
  /// A line for the user that is not an error: `warning: ...` (a corrupt cache entry that is
  /// recomputed) or a progress note (`waiting for ...` while another shard computes a step).
  case note(path: String, message: String)
}

/// Progress of a running `train` or `qat` step.
public struct TrainingStatus: Sendable, Equatable {
  public var step: String
  public var epoch: Int
  public var epochs: Int
  public var batch: Int
  public var batches: Int
  public var loss: Double
  public var imagesPerSecond: Double
  /// What a sample is called: `images`, or `words` for a word set.
  public var noun: String = "images"
}

/// How one notebook went.
public struct NotebookOutcome: Sendable {
  public var path: String
  /// The report written, when one was.
  public var reportPath: String?
  /// Static problems (the notebook did not run) and runtime failures, rendered as text
  /// `file:line:col: error: ...` with source line and caret, colour as requested.
  public var messages: [String]
  public var succeeded: Bool
  public var seconds: Double
  /// Every claim the notebook showed, held or not (`claim`).
  public var claims: [ClaimOutcome] = []
}
