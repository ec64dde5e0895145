/// `--shard i/N`: this process is part `i` (0-based) of `N`.
///
/// The work of a run is split deterministically, from the notebooks alone:
///
/// - notebook `n` (its position among the notebooks of the run) belongs to shard `n mod N`,
///   which runs its statements outside sharded loops and its prose expressions;
/// - iteration `k` of the `l`-th sharded loop (`#| shard: true`) of notebook `n` belongs to
///   shard `(n + l + k) mod N`.
///
/// Each shard writes what it computed into the shared cache and no report; `quantbook
/// merge` (or a `run` once every entry is there) assembles the reports.
public struct ShardSpec: Sendable, Equatable {
  public var index: Int
  public var count: Int

  public init(index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  /// Reads `i/N`, or `N` alone / `auto` with the index from the scheduler:
  /// `SLURM_ARRAY_TASK_ID` (minus `SLURM_ARRAY_TASK_MIN`, when set) or
  /// `JOB_COMPLETION_INDEX` (a Kubernetes Indexed Job); with `auto`, N comes from
  /// `SLURM_ARRAY_TASK_COUNT`.
  /// - Throws: `RunnerError.usage` naming `--shard` (exit status 2).
  public static func parse(_ text: String, environment: [String: String]) throws(RunnerError)
    -> ShardSpec
  {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    let given: String?
    let countText: String
    switch parts.count {
    case 1 where text == "auto":
      given = nil
      guard let total = environment["SLURM_ARRAY_TASK_COUNT"] else {
        throw usage(
          "`auto` takes the shard count from SLURM_ARRAY_TASK_COUNT, which is not set; "
            + "give it as --shard N or --shard i/N")
      }
      countText = total
    case 1: (given, countText) = (nil, parts[0])
    case 2: (given, countText) = (parts[0].isEmpty ? nil : parts[0], parts[1])
    default: throw usage("`\(text)` is not i/N (for example 0/4), N or auto")
    }
    guard let count = Int(countText), count >= 1 else {
      throw usage("the shard count must be a whole number of at least 1, not `\(countText)`")
    }
    let index =
      if let given { try number(given, "--shard") } else { try schedulerIndex(environment) }
    guard index < count else {
      throw usage("shard \(index) does not exist: with \(count) shards they are 0 to \(count - 1)")
    }
    return ShardSpec(index: index, count: count)
  }

  private static func schedulerIndex(_ environment: [String: String]) throws(RunnerError) -> Int {
    if let id = environment["SLURM_ARRAY_TASK_ID"] {
      let task = try number(id, "SLURM_ARRAY_TASK_ID")
      let first =
        try environment["SLURM_ARRAY_TASK_MIN"].map { text throws(RunnerError) in
          try number(text, "SLURM_ARRAY_TASK_MIN")
        } ?? 0
      guard task >= first else {
        throw usage("SLURM_ARRAY_TASK_ID=\(task) is below SLURM_ARRAY_TASK_MIN=\(first)")
      }
      return task - first
    }
    if let index = environment["JOB_COMPLETION_INDEX"] {
      return try number(index, "JOB_COMPLETION_INDEX")
    }
    throw usage(
      "no shard index given and neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set; "
        + "write --shard i/N")
  }

  private static func number(_ text: String, _ source: String) throws(RunnerError) -> Int {
    guard let value = Int(text), value >= 0 else {
      throw usage("\(source) must be a whole number of at least 0, not `\(text)`")
    }
    return value
  }

  private static func usage(_ message: String) -> RunnerError {
    .usage(flag: "--shard", message: message)
  }
}

/// What one shard does in one notebook (see `ShardSpec`).
struct ShardRole: Sendable {
  var spec: ShardSpec
  /// The notebook's position among the notebooks of the run.
  var notebook: Int

  /// Whether this shard runs the notebook's statements outside sharded loops.
  var ownsRest: Bool { notebook % spec.count == spec.index }

  /// Whether this shard runs iteration `index` of the notebook's `loop`-th sharded loop.
  func ownsIteration(loop: Int, index: Int) -> Bool {
    (notebook + loop + index) % spec.count == spec.index
  }
}

/// What an interpreter computes.
enum InterpreterMode: Sendable {
  /// Everything (a plain run).
  case whole
  /// One shard's part; no report is drawn.
  case shard(ShardRole)
  /// Nothing: every statement and iteration must come from the cache.
  case merge
}

extension PreparedNotebook {
  /// Whether a cell marked `#| shard: true` holds a top-level `for` loop.
  var hasShardedLoops: Bool {
    checked.cells.contains { cell in
      cell.options.shard
        && cell.statements.contains { if case .loop = $0.kind { true } else { false } }
    }
  }
}
