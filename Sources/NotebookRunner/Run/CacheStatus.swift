import Foundation
import StepLanguage

/// Where one top-level statement (or a sharded loop) of a notebook stands in the cache.
public struct StatementProgress: Sendable, Equatable {
  public enum State: Sendable, Equatable {
    case done
    /// A live claim: `pid 12 on node3, for 40 s`.
    case running(String)
    case missing
    /// Never stored (`cache: false`, `save`/`load`): it runs whenever the notebook runs.
    case uncached
  }

  public var line: Int
  public var label: String
  public var state: State
  /// For a sharded loop: one state per iteration (empty otherwise).
  public var iterations: [State] = []
}

/// The progress of one notebook, or why it has none (static errors).
public struct NotebookProgress: Sendable {
  public var path: String
  public var statements: [StatementProgress]
  /// Rendered diagnostics when the notebook does not check.
  public var errors: [String]
}

extension Runner {
  /// Says, from the notebooks and the cache folder alone (no step runs), which top-level
  /// statements and sharded-loop iterations are stored, being computed (a live claim) or
  /// missing. Keys are computed exactly as a run computes them.
  /// - Throws: the usage errors of `plan`.
  public func status(_ paths: [String]) throws(RunnerError) -> [NotebookProgress] {
    try settings.validateCacheFolder()
    return try plan(paths).map { notebook in
      let prepared = notebook.prepared
      if prepared.hasErrors {
        return NotebookProgress(
          path: notebook.path, statements: [],
          errors: prepared.renderedDiagnostics(color: settings.color))
      }
      return NotebookProgress(path: notebook.path, statements: progress(prepared), errors: [])
    }
  }

  private func progress(_ prepared: PreparedNotebook) -> [StatementProgress] {
    let store = CacheStore(folder: settings.resolvedCacheFolder)
    let cache = stepCache(for: prepared, store: store, enabled: false)
    cache.dataMemo = store
    let stale = CacheSharing(environment: settings.environment, notify: { _ in }).staleSeconds
    func state(_ key: String) -> StatementProgress.State {
      if store.contains(key) { return .done }
      let claim = CacheClaim(store: store, key: key, staleSeconds: stale)
      if let holder = claim.read(), !claim.isStale(holder) { return .running(holder.description) }
      return .missing
    }
    // Loop sequences are evaluated with the parameters alone (no step runs).
    let evaluator = Interpreter(
      parameters: prepared.parameters,
      environment: StepEnvironment(
        seed: prepared.seed, threads: 1, data: data, clock: clock, events: { _ in },
        notebookPath: prepared.path, outputFolder: settings.outputFolder))
    var result: [StatementProgress] = []
    for cell in prepared.checked.cells {
      for statement in cell.statements {
        let parts = cache.parts(of: statement, in: cell)
        if case .assignment(let name, _) = statement.kind { cache.define(name, key: parts.key) }
        var item = StatementProgress(
          line: statement.range.start.line, label: Interpreter.label(statement, parts.source),
          state: state(parts.key))
        let files = StepKeyParts.stepNames(statement).intersection(StepCache.fileSteps)
        if !cell.options.cache || !files.isEmpty { item.state = .uncached }
        if cell.options.shard, item.state != .done, item.state != .uncached,
          case .loop(_, let sequence, _) = statement.kind,
          case .list(let items)? = try? evaluator.evaluate(sequence)
        {
          item.iterations = items.enumerated().map { index, value in
            state(IterationRecord.key(loop: parts.key, index: index, item: value))
          }
          item.state = item.iterations.allSatisfy { $0 == .done } ? .done : .missing
          if item.iterations.contains(where: { if case .running = $0 { true } else { false } }) {
            item.state = .running("iterations in progress")
          }
        }
        result.append(item)
      }
    }
    return result
  }
}
