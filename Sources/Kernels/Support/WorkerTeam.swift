import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A persistent team for work split into `parts` pieces a few microseconds long (one layer of
/// one sample): the calling thread runs piece 0 and `parts - 1` helper threads, started once,
/// run the others.
///
/// `parallelFor` hands each call to Dispatch, which wakes its threads per call; at batch 1 a
/// layer's work is shorter than that. A helper instead spins on an atomic generation counter
/// for `spins` polls after each piece (so the next layer's piece starts at once), then parks
/// on a semaphore until `run` posts more work; `run` returns when every piece is done.
/// Callers give each piece a fixed, disjoint part of the output, so results never depend on
/// the team (as with `parallelFor`). One `run` at a time (not reentrant).
public final class WorkerTeam: @unchecked Sendable {
  // @unchecked: all shared state is in `TeamState` (atomics, a semaphore, the posted job).
  /// Pieces per `run`: the calling thread plus `parts - 1` helpers.
  public let parts: Int
  private let state: TeamState

  /// A team of `parts` (1 ... 64) pieces; a helper polls `spins` times before it parks.
  public init(parts: Int, spins: Int = 1 << 15) {
    precondition(parts <= 64, "a worker team has at most 64 parts")
    self.parts = max(1, parts)
    state = TeamState(helpers: self.parts - 1, spins: max(0, spins))
    for helper in 0..<(self.parts - 1) {
      let state = state
      let thread = Thread { state.helperLoop(part: helper + 1) }
      thread.stackSize = 1 << 20
      thread.start()
    }
  }

  deinit { state.stop() }

  /// Runs `body(0) ... body(parts - 1)` at once (0 on the calling thread) and returns when all
  /// are done.
  public func run(_ body: (Int) -> Void) {
    guard parts > 1 else { return body(0) }
    withoutActuallyEscaping(body) { body in
      state.post(body)
      body(0)
      state.waitForHelpers()
      state.job = nil
    }
  }
}

/// The state a `WorkerTeam` shares with its helper threads (which hold only this, so the team
/// can be released and then stops them).
final class TeamState: @unchecked Sendable {
  // @unchecked: `job` is written by the poster before the release of `generation` and read by
  // helpers after acquiring it; everything else is atomic or a semaphore.
  let helpers: Int
  let spins: Int
  /// Incremented once per posted job (and once to stop).
  let generation = Atomic<Int>(0)
  /// Helpers done with the current job.
  let finished = Atomic<Int>(0)
  /// Per helper: whether it is parked (or about to park) on its own semaphore. One semaphore
  /// per helper: with a shared one, a helper parking late could take the signal posted for
  /// another, which would then sleep through the job.
  /// (Bit `h` of `sleeping` for helper `h`.)
  let sleeping = Atomic<Int>(0)
  let wake: [DispatchSemaphore]
  let stopping = Atomic<Bool>(false)
  var job: ((Int) -> Void)?

  init(helpers: Int, spins: Int) {
    self.helpers = helpers
    self.spins = spins
    wake = (0..<helpers).map { _ in DispatchSemaphore(value: 0) }
  }

  /// Publishes `body` to the helpers and wakes the parked ones.
  func post(_ body: @escaping (Int) -> Void) {
    job = body
    finished.store(0, ordering: .relaxed)
    generation.add(1, ordering: .sequentiallyConsistent)
    wakeSleepers()
  }

  /// Signals each parked helper. A helper that marked itself sleeping but saw the new
  /// generation before waiting keeps the signal for later: its next wait returns at once and
  /// it re-checks the generation, so a spare signal costs one extra loop, never a lost job.
  /// (Both sides store, then load, sequentially consistent: a helper that parks saw the old
  /// generation, so this load sees its flag.)
  private func wakeSleepers() {
    let parked = sleeping.load(ordering: .sequentiallyConsistent)
    for helper in 0..<helpers where parked & (1 << helper) != 0 { wake[helper].signal() }
  }

  /// Waits (polling, yielding the processor after a while) until every helper is done.
  func waitForHelpers() {
    var polls = 0
    while finished.load(ordering: .acquiring) < helpers {
      polls += 1
      if polls > 256 { sched_yield() }
    }
  }

  func stop() {
    stopping.store(true, ordering: .sequentiallyConsistent)
    generation.add(1, ordering: .sequentiallyConsistent)
    for semaphore in wake { semaphore.signal() }
  }

  /// A helper thread's life: wait for a new generation, run its piece, report, repeat.
  func helperLoop(part: Int) {
    var seen = 0
    while true {
      var polls = 0
      var current = generation.load(ordering: .acquiring)
      while current == seen {
        polls += 1
        if polls > spins {
          let own = part - 1
          sleeping.bitwiseOr(1 << own, ordering: .sequentiallyConsistent)
          if generation.load(ordering: .sequentiallyConsistent) == seen {
            wake[own].wait()
          }
          sleeping.bitwiseAnd(~(1 << own), ordering: .sequentiallyConsistent)
          polls = 0
        }
        current = generation.load(ordering: .acquiring)
      }
      if stopping.load(ordering: .acquiring) { return }
      seen = current
      job?(part)
      finished.add(1, ordering: .releasing)
    }
  }
}
