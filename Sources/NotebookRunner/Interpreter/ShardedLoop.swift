import MarkdownNotebook
import StepLanguage

extension Interpreter {
  /// Runs a top-level `for` loop of a `#| shard: true` cell one cache entry per iteration
  /// (`IterationRecord`, keyed by the loop's key, the index and the item).
  ///
  /// - a plain run replays the whole loop's entry if there is one; else it takes each
  ///   iteration from the cache or computes it (claiming it first), gathers them into the
  ///   loop's tables, and stores the whole loop's entry too;
  /// - a shard computes only its own iterations (`ShardRole.ownsIteration`) and draws nothing;
  /// - a merge computes nothing: an iteration the cache lacks is listed in `missing`.
  func executeShardedLoop(
    _ statement: TypedStatement, in cell: CheckedCell, parts: StepKeyParts, plan: StepCache.Plan,
    label: String, into displays: inout [Display]
  ) throws(StepFailure) {
    guard let cache, case .loop(let variable, let sequence, let body) = statement.kind else {
      return try execute(statement, into: &displays)
    }
    let loop = shardedLoops
    shardedLoops += 1
    let line = statement.range.start.line
    let role: ShardRole? = if case .shard(let r) = mode { r } else { nil }
    if role == nil, case .hit(let entry) = plan {
      return replay(entry, statement, name: nil, label: label, into: &displays)
    }
    guard case .list(let items) = try evaluate(sequence) else {
      throw StepFailure(
        "internal error: a loop over a value that is not a list", at: sequence.range)
    }
    let firstDisplay = displays.count
    let knownDatasets = datasets.count
    loopResults = LoopResults(variable: variable)
    defer { loopResults = nil }
    var complete = true
    for (index, item) in items.enumerated() {
      let key = IterationRecord.key(loop: parts.key, index: index, item: item)
      let itemLabel = "\(label) [\(variable) = \(item.inlineText)]"
      if let role, !role.ownsIteration(loop: loop, index: index) { continue }
      switch cache.store.load(key) {
      case .hit(let bytes):
        if role != nil { continue }  // done already; a shard draws nothing
        if let record = try? IterationRecord(decoding: bytes) {
          apply(record, into: &displays)
          continue
        }
        cache.sharing.notify(
          "warning: line \(line): the cache entry of `\(itemLabel)` was unusable")
      case .corrupt(let problem):
        cache.sharing.notify(
          "warning: line \(line): the cache entry of `\(itemLabel)` was unusable (\(problem)); "
            + "recomputing it")
      case .miss: break
      }
      if case .merge = mode {
        missing.append(MissingEntry(line: line, label: itemLabel))
        complete = false
        continue
      }
      try computeIteration(
        key: key, label: itemLabel, range: statement.range, variable: variable, item: item,
        body: body, into: &displays)
    }
    guard role == nil, complete, let results = loopResults else { return }
    results.finish(into: &displays)
    cache.record(
      StatementStatus(
        line: line, statement: label, cached: false, reason: "assembled from its iterations"))
    let entry = CacheEntry(
      displays: displays[firstDisplay...].map(RestoredDisplay.init),
      datasets: Array(datasets[knownDatasets...]), value: .none)
    if cellCaches && cell.options.cache { cache.save(entry, key: parts.key) }
  }

  /// Takes an iteration another process stored while this one waited, or computes it,
  /// stores it and applies it through its encoding (so it draws what a restored one draws).
  private func computeIteration(
    key: String, label: String, range: SourceRange, variable: String, item: RuntimeValue,
    body: [TypedStatement], into displays: inout [Display]
  ) throws(StepFailure) {
    guard let cache else { return }
    let line = range.start.line
    // An entry that appeared but cannot be decoded is recomputed without a claim: this
    // process never held one, so it must not release (delete) another process's.
    var claim: CacheClaim?
    switch try cache.claim(key, label: label, at: range) {
    case .appeared(let bytes):
      if let record = try? IterationRecord(decoding: bytes) {
        return apply(record, into: &displays)
      }
    case .compute(let held): claim = held
    }
    defer { claim?.release() }
    let start = environment.clock()
    let record = try runIteration(variable: variable, item: item, body: body)
    if explain {
      finished(
        line: line, step: label, seconds: environment.clock() - start,
        reason: "iteration not cached")
    }
    guard let bytes = record.encoded(), let restored = try? IterationRecord(decoding: bytes) else {
      cache.sharing.notify(
        "warning: `\(label)` shows a value the cache cannot keep; a merge will lack it")
      return apply(record, into: &displays)
    }
    try? cache.store.store(key, payload: bytes)
    cache.journal(key, label: "\(environment.notebookPath) \(label)")
    apply(restored, into: &displays)
  }

  /// Runs the loop body for one item with loop results of its own.
  private func runIteration(variable: String, item: RuntimeValue, body: [TypedStatement])
    throws(StepFailure) -> IterationRecord
  {
    let saved = loopResults
    loopResults = LoopResults(variable: variable)
    defer { loopResults = saved }
    let knownDatasets = datasets.count
    var shown: [Display] = []
    try iterate(variable, item, body, into: &shown)
    let entry = CacheEntry(
      displays: shown.map(RestoredDisplay.init), datasets: Array(datasets[knownDatasets...]),
      value: .none)
    return IterationRecord(entry: entry, results: loopResults ?? LoopResults(variable: variable))
  }

  /// Adds a restored (or just computed) iteration to the loop's displays and tables.
  private func apply(_ record: IterationRecord, into displays: inout [Display]) {
    let offset = displays.count
    displays += record.entry.displays.map { .restored($0) }
    addDatasets(record.entry.datasets)
    loopResults?.append(record.results, displayOffset: offset)
  }
}
