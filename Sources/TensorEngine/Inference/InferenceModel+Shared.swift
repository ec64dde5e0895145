import Kernels

extension InferenceModel {
  /// Runs a small batch (`count < parallelMinimum`, `threads > 1`, `shareSmallBatches`) with
  /// every thread on every
  /// step: the steps that split (`InferenceStep.splits`: convolutions by blocks of output
  /// pixels or tiles, dense layers by column panels) run as `threads` parts on a
  /// `WorkerTeam`, the others on the calling thread; the activations live in arena 0, each
  /// part uses its own arena's scratch. A step's parts finish before the next step starts.
  /// Bit-identical to one thread: each output element is computed as the whole step does.
  func runShared(
    count: Int, output: UnsafeMutablePointer<Float>,
    load: (Int, Int, UnsafeMutablePointer<Float>) -> Void
  ) {
    let team = sharedTeam()
    let arena = arenas[0]
    for first in stride(from: 0, to: count, by: tile) {
      let n = min(tile, count - first)
      load(first, n, arena.front)
      var x = arena.front
      var y = arena.back
      for step in plan.steps {
        let (input, result) = (x, step.inPlace ? x : y)
        if step.splits(count: n) {
          team.run { part in
            let own = arenas[part]
            step.compute(
              input, result, count: n, scratch: own.scratch, indices: own.indices, part: part,
              parts: team.parts)
          }
        } else {
          step.compute(input, result, count: n, scratch: arena.scratch, indices: arena.indices)
        }
        step.transformOutput(result, count: n)
        if !step.inPlace { swap(&x, &y) }
      }
      (output + first * plan.outputCount).update(from: x, count: n * plan.outputCount)
    }
  }

  /// The team of `threads` parts, started on first use (a model that never runs a small
  /// batch on several threads starts no thread).
  private func sharedTeam() -> WorkerTeam {
    if let team { return team }
    let started = WorkerTeam(parts: min(threads, 64))
    team = started
    return started
  }
}
