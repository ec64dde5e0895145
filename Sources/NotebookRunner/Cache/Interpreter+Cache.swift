import MarkdownNotebook
import StepLanguage

/// A name whose statement came from the cache but whose value is not in memory yet: it is
/// materialised only when a statement that runs (or a prose expression) reads it.
enum PendingValue {
  /// Decode these bytes (see `ValueCoding`); if that fails, re-evaluate the statement.
  case stored([UInt8], TypedStatement)
  /// Re-evaluate the statement (data sets, splits, quantized models, ...).
  case recompute(TypedStatement)
}

extension Interpreter {
  /// Runs one top-level statement through the cache: a hit replays its displays and leaves
  /// its value pending; a miss runs it and stores what it showed and bound. A statement that
  /// throws is never stored.
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
    switch cache.plan(statement, parts: parts, cellCaches: cellCaches && cell.options.cache) {
    case .hit(let entry):
      displays += entry.displays.map { .restored($0) }
      for file in entry.datasets where !datasets.contains(where: { $0.sha256 == file.sha256 }) {
        datasets.append(file)
      }
      if let name {
        switch entry.value {
        case .stored(let bytes): pending[name] = .stored(bytes, statement)
        case .notStored, .none: pending[name] = .recompute(statement)
        }
      }
      cache.record(StatementStatus(line: line, statement: label, cached: true, reason: nil))
      environment.events(
        .stepFinished(
          path: environment.notebookPath, line: line, step: label, seconds: 0, cached: true,
          reason: nil))
    case .run(let reason, let store):
      let start = environment.clock()
      let firstDisplay = displays.count
      let knownDatasets = datasets.count
      try execute(statement, into: &displays)
      cache.record(StatementStatus(line: line, statement: label, cached: false, reason: reason))
      if explain {
        environment.events(
          .stepFinished(
            path: environment.notebookPath, line: line, step: label,
            seconds: environment.clock() - start,
            cached: false, reason: reason))
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
    }
  }

  /// The text of a prose inline expression through the cache: a hit needs no value at all, so
  /// a fully cached notebook materialises nothing. Errors are not stored.
  func inlineText(_ inline: CheckedInline, text: String) -> Result<String, StepFailure> {
    guard let cache, let key = cache.inlineKey(text: text, dependencies: inline.dependencies) else {
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
        let value = try ValueCoding.decode(&reader) { reference throws(CacheDecodingError) in
          try self.resolve(reference)
        }
        globals[name] = value
        return value
      } catch {
        return try recompute(
          statement, reason: "stored value unreadable (\(error.description)), recomputed")
      }
    case .recompute(let statement):
      return try recompute(statement, reason: "value of `\(name)` needed by a step that runs")
    }
  }

  /// Re-evaluates a cached assignment for its value alone (its displays are already shown),
  /// outside any loop scope the request came from.
  private func recompute(_ statement: TypedStatement, reason: String) throws(StepFailure)
    -> RuntimeValue?
  {
    guard case .assignment(let name, let expression) = statement.kind else { return nil }
    let saved = (loopScopes, loopBindings, loopResults)
    loopScopes = []
    loopBindings = []
    loopResults = nil
    defer { (loopScopes, loopBindings, loopResults) = saved }
    let start = environment.clock()
    let value = Self.labelled(try evaluate(expression), name)
    globals[name] = value
    if explain {
      environment.events(
        .stepFinished(
          path: environment.notebookPath, line: statement.range.start.line, step: name,
          seconds: environment.clock() - start, cached: false, reason: reason))
    }
    return value
  }

  /// Where a model's training split can be found again: a data set's member or a split name.
  private func splitReference(_ split: NamedSplit) -> SplitReference? {
    for (name, value) in globals.sorted(by: { $0.key < $1.key }) {
      switch value {
      case .dataset(let d):
        if d.train.name == split.name, d.train.split.count == split.split.count {
          return .init(name: name, member: "train")
        }
        if d.test.name == split.name, d.test.split.count == split.split.count {
          return .init(name: name, member: "test")
        }
      case .split(let s) where s.name == split.name && s.split.count == split.split.count:
        return .init(name: name, member: "")
      default: continue
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
    switch (value, reference.member) {
    case (.dataset(let d)?, "train"): return d.train
    case (.dataset(let d)?, "test"): return d.test
    case (.split(let s)?, ""): return s
    default:
      throw CacheDecodingError("`\(reference.name)` is no longer the split a model was trained on")
    }
  }

  /// `net = train(…)`, shortened to one line of at most 60 characters.
  static func label(_ statement: TypedStatement, _ source: String) -> String {
    var text = source.replacingOccurrences(of: " ( ", with: "(").replacingOccurrences(
      of: " (", with: "("
    )
    .replacingOccurrences(of: " )", with: ")").replacingOccurrences(of: " ,", with: ",")
    .replacingOccurrences(of: " :", with: ":").replacingOccurrences(of: "( ", with: "(")
    .replacingOccurrences(of: " . ", with: ".").replacingOccurrences(of: "[ ", with: "[")
    .replacingOccurrences(of: " ]", with: "]")
    if text.count > 60 { text = String(text.prefix(59)) + "…" }
    return text
  }
}
