import MarkdownNotebook
import StepLanguage

/// A name whose statement came from the cache but whose value is not in memory yet: it is
/// materialised only when a statement that runs (or a prose expression) reads it.
enum PendingValue {
  /// Decode these bytes (see `ValueCoding`); if that fails, re-evaluate the statement.
  case stored([UInt8], TypedStatement)
  /// Re-evaluate the statement (data sets, splits, quantized models, ...).
  case recompute(TypedStatement)
  /// Another shard's statement not in the cache yet: compute it through the cache (claiming
  /// it) when one of this shard's iterations reads it.
  case deferred(TypedStatement, CheckedCell, key: String, reason: String, store: Bool)
  /// A merge found no entry: reading the value is an error (the entry is listed as missing).
  case missing(line: Int, label: String)
}

/// A statement or loop iteration a merge needs and the cache does not hold.
public struct MissingEntry: Sendable, Equatable {
  public var line: Int
  /// `net = train(…)`, or `for bits in […] [bits = 4]` for an iteration.
  public var label: String
}

extension Interpreter {
  /// Runs one top-level statement through the cache: a hit replays its displays and leaves
  /// its value pending; a miss runs it and stores what it showed and bound. A statement that
  /// throws is never stored. A sharded loop goes iteration by iteration (`ShardedLoop`); a
  /// shard that does not own the notebook's statements only computes what its iterations
  /// read; a merge computes nothing and lists what is missing.
  func executeTopLevel(
    _ statement: TypedStatement, in cell: CheckedCell, into displays: inout [Display]
  )
    throws(StepFailure)
  {
    guard let cache else { return try execute(statement, into: &displays) }
    let parts = cache.parts(of: statement, in: cell)
    let key = parts.key
    let name: String? = if case .assignment(let name, _) = statement.kind { name } else { nil }
    defer { if let name { cache.define(name, key: key) } }
    let label = Self.label(statement, parts.source)
    let line = statement.range.start.line
    let plan = cache.plan(statement, parts: parts, cellCaches: cellCaches && cell.options.cache)
    if case .loop = statement.kind, cell.options.shard, cache.enabled {
      return try executeShardedLoop(
        statement, in: cell, parts: parts, plan: plan, label: label, into: &displays)
    }
    if case .shard(let role) = mode, !role.ownsRest {
      // Another shard shows this; compute it only if one of this shard's iterations reads it.
      guard let name else { return }
      switch plan {
      case .hit(let entry): setPending(name, entry, statement)
      case .run(let reason, let store):
        pending[name] = .deferred(statement, cell, key: key, reason: reason, store: store)
      }
      return
    }
    switch plan {
    case .hit(let entry):
      replay(entry, statement, name: name, label: label, into: &displays)
    case .run(let reason, let store):
      // A merge computes only what is never cached (`cache: false`, `save`/`load`).
      if case .merge = mode, store {
        missing.append(MissingEntry(line: line, label: label))
        if let name { pending[name] = .missing(line: line, label: label) }
        return
      }
      try compute(
        statement, key: key, reason: reason, store: store, name: name, label: label,
        into: &displays)
    }
  }

  /// Replays a stored statement: its displays, its data files, its value left pending.
  func replay(
    _ entry: CacheEntry, _ statement: TypedStatement, name: String?, label: String,
    into displays: inout [Display]
  ) {
    let line = statement.range.start.line
    displays += entry.displays.map { .restored($0) }
    addDatasets(entry.datasets)
    if let name { setPending(name, entry, statement) }
    cache?.record(StatementStatus(line: line, statement: label, cached: true, reason: nil))
    finished(line: line, step: label, seconds: 0, cached: true, reason: nil)
  }

  private func setPending(_ name: String, _ entry: CacheEntry, _ statement: TypedStatement) {
    switch entry.value {
    case .stored(let bytes): pending[name] = .stored(bytes, statement)
    case .notStored, .none: pending[name] = .recompute(statement)
    }
  }

  /// Computes a statement the cache does not hold (claiming its entry first, so that another
  /// process sharing the folder waits instead of computing it too) and stores the result.
  func compute(
    _ statement: TypedStatement, key: String, reason: String, store: Bool, name: String?,
    label: String, into displays: inout [Display]
  ) throws(StepFailure) {
    guard let cache else { return try execute(statement, into: &displays) }
    var claim: CacheClaim?
    if store {
      switch try cache.claim(key, label: label, at: statement.range) {
      case .appeared(let bytes):
        if let entry = try? CacheEntry(decoding: bytes) {
          return replay(entry, statement, name: name, label: label, into: &displays)
        }
      case .compute(let held): claim = held
      }
    }
    defer { claim?.release() }
    let line = statement.range.start.line
    let start = environment.clock()
    let firstDisplay = displays.count
    let knownDatasets = datasets.count
    try execute(statement, into: &displays)
    cache.record(StatementStatus(line: line, statement: label, cached: false, reason: reason))
    if explain {
      finished(line: line, step: label, seconds: environment.clock() - start, reason: reason)
    }
    guard store else { return }
    var value = CacheEntry.BoundValue.none
    if let name, let bound = globals[name] {
      var w = CacheWriter()
      value =
        ValueCoding.encode(bound, into: &w, reference: splitReference)
        ? .stored(w.bytes) : .notStored
    }
    let entry = CacheEntry(
      displays: displays[firstDisplay...].map(RestoredDisplay.init),
      datasets: Array(datasets[knownDatasets...]),
      value: value)
    cache.save(entry, key: key)
    cache.journal(key, label: "\(environment.notebookPath):\(line) \(label)")
  }

  /// The text of a prose inline expression through the cache: a hit needs no value at all, so
  /// a fully cached notebook materialises nothing. Errors are not stored.
  func inlineText(_ inline: CheckedInline, text: String) -> Result<String, StepFailure> {
    guard let cache, let key = cache.inlineKey(inline, text: text) else {
      return inlineText(inline.expression)
    }
    if let stored = cache.inlineText(key: key) { return .success(stored) }
    let measured = measuredInlineTexts.count
    let result = inlineText(inline.expression)
    // A text holding a measured time is not stored: it differs by run and by `timings`.
    if case .success(let value) = result, measuredInlineTexts.count == measured {
      cache.saveInline(value, key: key)
    }
    return result
  }

  /// The value of a name left pending by a cache hit, materialised now (nil if none is pending).
  func materialise(_ name: String) throws(StepFailure) -> RuntimeValue? {
    // (Called from `lookup` only when no scope holds `name`.)
    guard let state = pending.removeValue(forKey: name) else { return nil }
    switch state {
    case .stored(let bytes, let statement):
      var reader = CacheReader(bytes)
      do {
        let value = try ValueCoding.decode(&reader, split: resolve)
        globals[name] = value
        return value
      } catch {
        return try recompute(
          statement, reason: "stored value unreadable (\(error.description)), recomputed")
      }
    case .recompute(let statement):
      return try recompute(statement, reason: "value of `\(name)` needed by a step that runs")
    case .deferred(let statement, let cell, let key, let reason, let store):
      // A value the cache never holds (a data set, ...) is read here at once: waiting for
      // the owner shard's entry would not give it (the owner still stores the entry).
      if case .assignment(_, let expression) = statement.kind, Self.neverStored(expression.type) {
        return try recompute(statement, reason: "value of `\(name)` needed here; never stored")
      }
      var shown: [Display] = []  // another shard's report shows them
      let label = Self.label(statement, StepKeyParts.normalisedSource(statement, in: cell))
      try outsideLoops { () throws(StepFailure) in
        try compute(
          statement, key: key, reason: reason, store: store, name: name, label: label,
          into: &shown)
      }
      if let value = globals[name] { return value }
      return try materialise(name)
    case .missing(let line, let label):
      throw StepFailure(
        "`\(name)` is needed but its statement (line \(line), `\(label)`) is not in the cache",
        hint: "run every shard (`quantbook run --shard i/N`) before `quantbook merge`")
    }
  }

  /// Re-evaluates a cached assignment for its value alone (its displays are already shown),
  /// outside any loop scope the request came from.
  private func recompute(_ statement: TypedStatement, reason: String) throws(StepFailure)
    -> RuntimeValue?
  {
    guard case .assignment(let name, let expression) = statement.kind else { return nil }
    let start = environment.clock()
    let value = try outsideLoops { () throws(StepFailure) in
      Self.labelled(try evaluate(expression), name)
    }
    globals[name] = value
    if explain {
      finished(
        line: statement.range.start.line, step: name, seconds: environment.clock() - start,
        reason: reason)
    }
    return value
  }

  /// Runs `body` at notebook level: no loop scope, binding or results of the caller visible.
  private func outsideLoops<T>(_ body: () throws(StepFailure) -> T) throws(StepFailure) -> T {
    let saved = (loopScopes, loopBindings, loopResults)
    (loopScopes, loopBindings, loopResults) = ([], [], nil)
    defer { (loopScopes, loopBindings, loopResults) = saved }
    return try body()
  }

  /// Where a model's training split can be found again: a data set's member or a split name.
  func splitReference(_ split: NamedSplit) -> SplitReference? {
    for (name, value) in globals.sorted(by: { $0.key < $1.key }) {
      for (member, s) in value.namedSplits
      where s.name == split.name && s.split.count == split.split.count {
        return .init(name: name, member: member)
      }
    }
    return nil
  }

  private func resolve(_ reference: SplitReference) throws(CacheDecodingError) -> NamedSplit {
    var value = globals[reference.name]
    do throws(StepFailure) {
      if value == nil { value = try materialise(reference.name) }
    } catch {
      throw CacheDecodingError("could not reload `\(reference.name)`: \(error.message)")
    }
    guard let found = value?.namedSplits.first(where: { $0.member == reference.member }) else {
      throw CacheDecodingError("`\(reference.name)` is no longer the split a model was trained on")
    }
    return found.split
  }

  /// Whether values of `type` are never kept by the cache (`ValueCoding`: data sets, splits,
  /// layers, optimizers, quantized and integer models), so a statement binding one is
  /// re-evaluated wherever its value is needed.
  static func neverStored(_ type: StepType) -> Bool {
    switch type {
    case .dataset, .split, .layer, .optimizer, .quantizedModel, .integerModel: return true
    case .list(let element): return neverStored(element)
    case .oneOf(let types): return !types.isEmpty && types.allSatisfy(neverStored)
    case .int, .float, .bool, .string, .shape, .enumeration, .enumConstant, .emptyList, .model,
      .history, .metrics, .table, .chart, .signal, .claim, .error:
      return false
    }
  }

  /// `net = train(…)`, shortened to one line of at most 60 characters.
  static func label(_ statement: TypedStatement, _ source: String) -> String {
    var text = source
    // The tokens' joining spaces around brackets and punctuation, dropped in this order.
    for (spaced, tight) in [
      (" ( ", "("), (" (", "("), (" )", ")"), (" ,", ","), (" :", ":"), ("( ", "("),
      (" . ", "."), ("[ ", "["), (" ]", "]"),
    ] {
      text = text.replacingOccurrences(of: spaced, with: tight)
    }
    if text.count > 60 { text = String(text.prefix(59)) + "…" }
    return text
  }
}

extension RuntimeValue {
  /// The splits a value holds by member name (`SplitReference.member`): a data set's `train`
  /// and `test`, a split itself as "".
  var namedSplits: [(member: String, split: NamedSplit)] {
    switch self {
    case .dataset(let d): return [("train", d.train), ("test", d.test)]
    case .split(let s): return [("", s)]
    default: return []
    }
  }
}
