import Dispatch
import Kernels

/// One row of `profileInference`: a step of the plan (or a phase of a Winograd step) and the
/// seconds spent in it over the whole split.
public struct InferenceProfileRow: Sendable, Equatable {
  /// What ran, e.g. `conv 1 -> 32, 3x3, direct + max-pool 2` or `  winograd products`.
  public var name: String
  public var seconds: Double
  /// Whether the row is part of the row above it (a Winograd step's phases), not counted
  /// again in a total.
  public var isPhase: Bool

  public init(name: String, seconds: Double, isPhase: Bool) {
    self.name = name
    self.seconds = seconds
    self.isPhase = isPhase
  }
}

/// Where the time of float inference goes: runs `model` over `split` as `evaluate` does
/// (`batchSize` samples per call, cut into tiles as `InferenceModel.run` cuts them) on the
/// calling thread alone, reading the clock around every step of every tile.
///
/// Rows, in plan order: `load` (pixels to floats), each step, and under each Winograd step
/// its input transform, its 16 products and its output transform (bias, activation, pool).
/// The sum of the non-phase rows is the CPU time of one-thread inference plus the clock
/// reads (two per step and tile, about 50 ns each). For `bench infer-float-profile`.
/// - Throws: when the model does not fit the split or has no inference plan.
public func profileInference(
  _ model: Sequential, on split: Split, batchSize: Int, options: InferenceOptions
) throws -> [InferenceProfileRow] {
  try checkCompatible(model, split, role: "evaluation")
  guard batchSize >= 1, split.count > 0,
    let inference = InferenceModel(model, options: options, threads: 1)
  else { throw EngineError.invalidArgument("profile: no inference plan or empty split") }
  let plan = inference.plan
  let arena = inference.arenas[0]
  let size = inference.inputCount
  var load = 0.0
  var steps = [Double](repeating: 0, count: plan.steps.count)
  var phases = [[Double]](repeating: [0, 0, 0], count: plan.steps.count)
  let table = model.inputEncoding.table
  split.images.withUnsafeBufferPointer { images in
    table.withUnsafeBufferPointer { table in
      for lo in stride(from: 0, to: split.count, by: batchSize) {
        let end = min(split.count, lo + batchSize)
        for first in stride(from: lo, to: end, by: inference.tile) {
          let n = min(inference.tile, end - first)
          var start = now()
          lookUp(
            images.baseAddress! + first * size, table: table.baseAddress!, into: arena.front,
            count: n * size)
          var mark = now()
          load += mark - start
          var (x, y) = (arena.front, arena.back)
          for (index, step) in plan.steps.enumerated() {
            let result = step.inPlace ? x : y
            start = mark
            var last = start
            step.compute(x, result, count: n, scratch: arena.scratch, indices: arena.indices) {
              phase in
              let t = now()
              phases[index][phase] += t - last
              last = t
            }
            step.transformOutput(result, count: n)
            mark = now()
            steps[index] += mark - start
            if !step.inPlace { swap(&x, &y) }
          }
        }
      }
    }
  }
  var rows = [InferenceProfileRow(name: "load (pixels to floats)", seconds: load, isPhase: false)]
  for (index, step) in plan.steps.enumerated() {
    rows.append(InferenceProfileRow(name: step.summary, seconds: steps[index], isPhase: false))
    if case .winogradConv = step.operation {
      for (phase, name) in ["input transform", "16 products", "output transform"].enumerated() {
        rows.append(
          InferenceProfileRow(
            name: "  winograd \(name)", seconds: phases[index][phase], isPhase: true))
      }
    }
  }
  return rows
}

/// Monotonic seconds.
private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

extension InferenceStep {
  /// A short description for profiles: `conv 1 -> 32, 3x3, direct + max-pool 2`.
  var summary: String {
    switch operation {
    case .directConv(let g, let w, _, _, let pool):
      return "conv \(g.channels) -> \(w.n), \(g.kernelHeight)x\(g.kernelWidth), direct"
        + (pool > 1 ? " + max-pool \(pool)" : "")
    case .winogradConv(let g, let w, _, _, let pool):
      return "conv \(g.channels) -> \(w.filters), 3x3, winograd F(2x2,3x3)"
        + (pool > 1 ? " + max-pool \(pool)" : "")
    case .dense(let w, _, let activation):
      return "dense \(w.k) -> \(w.n), \(activation)"
    case .maxPool(let g): return "max-pool \(g.kernelHeight)"
    case .avgPool(let g): return "avg-pool \(g.kernelHeight)"
    case .activation(let activation, _): return "activation \(activation)"
    case .identity: return "flatten / dropout"
    case .recurrent: return "embedding + recurrent"
    }
  }
}
