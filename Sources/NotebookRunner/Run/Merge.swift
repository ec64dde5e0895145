import Foundation

/// What `merge` found: the notebooks' outcomes, or the entries the cache lacks.
public struct MergeResult: Sendable {
  public var outcomes: [NotebookOutcome]
  /// Per notebook path, what is not in the cache yet (empty when the reports were written).
  public var missing: [(path: String, entries: [MissingEntry])]

  public var isComplete: Bool { missing.isEmpty }
}

extension Runner {
  /// Assembles every notebook's report and the index from the cache alone (`quantbook
  /// merge`, after the shards of `run --shard i/N` are done), computing nothing but what is
  /// never cached (`cache: false` cells, `save` and `load`).
  ///
  /// When any statement, loop iteration of any notebook is not in the cache, nothing is
  /// written and `missing` lists them all; a notebook with static errors gets no report.
  /// - Throws: the usage errors of `plan`; file errors while writing.
  public func merge(_ paths: [String]) throws(RunnerError) -> MergeResult {
    let notebooks = try plan(paths)
    try settings.validateOutputFolder()
    try settings.validateCacheFolder()
    let names = NotebookDiscovery.reportNames(for: notebooks.map(\.path))
    var records: [(record: RunRecord?, outcome: NotebookOutcome)] = []
    var missing: [(path: String, entries: [MissingEntry])] = []
    for (i, notebook) in notebooks.enumerated() {
      events(.notebookStarted(path: notebook.path, position: i + 1, count: notebooks.count))
      let start = clock()
      let prepared = notebook.prepared
      if prepared.hasErrors {
        records.append((nil, checkOutcome(prepared, notes: notebook.notes, since: start)))
        continue
      }
      let (record, lacking) = execute(prepared, start: start, mode: .merge)
      if !lacking.isEmpty { missing.append((notebook.path, lacking)) }
      let outcome = NotebookOutcome(
        path: notebook.path, reportPath: nil, messages: notebook.notes,
        succeeded: record.succeeded && lacking.isEmpty, seconds: record.seconds)
      records.append((record, outcome))
    }
    guard missing.isEmpty else {
      return MergeResult(outcomes: records.map(\.outcome), missing: missing)
    }
    try AtomicFile.ensureWritableFolder(settings.outputFolder)
    var outcomes: [NotebookOutcome] = []
    for (i, item) in records.enumerated() {
      var outcome = item.outcome
      if let record = item.record {
        outcome = try write(record, name: names[i])
        outcome.messages = notebooks[i].notes + outcome.messages
      }
      events(.notebookFinished(outcome))
      outcomes.append(outcome)
    }
    try IndexWriter.write(folder: settings.outputFolder)
    return MergeResult(outcomes: outcomes, missing: [])
  }
}
