import Foundation
import TensorEngine

/// The float-model evaluations of one notebook run, so that a float model is measured once
/// per split: `evaluate` of a quantized model shows its float model's accuracy beside its own,
/// and a sweep over bit widths would otherwise evaluate the same float model at every width.
///
/// An entry matches only the very same model and split values (the same array storage, not
/// merely equal contents): copies of a bound value share storage, while a retrained model or a
/// new subset has storage of its own. Entries keep their model and split alive, so storage
/// that matches can be neither freed and reused nor changed in place (copy-on-write copies a
/// shared buffer before writing). The memo lives in the run's `StepEnvironment`, so nothing
/// leaks from one run (or notebook) into the next. Thread-safe.
final class EvaluationMemo: @unchecked Sendable {
  // @unchecked: every stored property below is read and written under `lock` only.
  private struct Entry {
    var model: Sequential
    var split: Split
    var threads: Int
    var evaluation: Evaluation
  }

  /// At most this many evaluations are kept (the oldest goes first); a notebook rarely
  /// measures more float models on more splits than that, and entries hold their splits.
  static let capacity = 8

  private let lock = NSLock()
  private var entries: [Entry] = []
  private var computedCount = 0

  /// How many evaluations were computed rather than remembered (for tests).
  var computed: Int { lock.withLock { computedCount } }

  /// The evaluation of `model` on `split` with `threads` threads: the remembered one when this
  /// model was already evaluated on this split in the run, else `compute()`, remembered.
  func evaluation<Failure: Error>(
    of model: Sequential, on split: Split, threads: Int, compute: () throws(Failure) -> Evaluation
  ) throws(Failure) -> Evaluation {
    if let known = lookup(model, split, threads) { return known }
    // Computed outside the lock: an evaluation takes seconds and must not block other users.
    let evaluation = try compute()
    lock.withLock {
      computedCount += 1
      entries.append(Entry(model: model, split: split, threads: threads, evaluation: evaluation))
      if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
    }
    return evaluation
  }

  private func lookup(_ model: Sequential, _ split: Split, _ threads: Int) -> Evaluation? {
    lock.withLock {
      entries.first { entry in
        entry.threads == threads && Self.same(entry.model, model) && Self.same(entry.split, split)
      }?.evaluation
    }
  }

  private static func same(_ a: Sequential, _ b: Sequential) -> Bool {
    a.inputShape == b.inputShape && a.inputEncoding == b.inputEncoding
      && sameStorage(a.layers, b.layers)
  }

  private static func same(_ a: Split, _ b: Split) -> Bool {
    a.imageShape == b.imageShape && sameStorage(a.images, b.images)
      && sameStorage(a.labels, b.labels)
  }

  /// True when both arrays use one storage buffer (so hold the same elements). Two empty
  /// arrays count as the same: they hold the same (no) elements.
  private static func sameStorage<Element>(_ a: [Element], _ b: [Element]) -> Bool {
    guard a.count == b.count else { return false }
    if a.isEmpty { return true }
    return a.withUnsafeBufferPointer { first in
      b.withUnsafeBufferPointer { second in first.baseAddress == second.baseAddress }
    }
  }
}
