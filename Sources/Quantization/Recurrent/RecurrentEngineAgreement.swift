import Kernels

/// How closely the integer engine follows its fake-quant simulation on a batch of sequences.
///
/// The two differ only where the engine's arithmetic is not the simulation's rounding of the
/// float formula: σ / tanh read from tables (≤ 1.6 LSB of Q0.15), two roundings where the
/// simulation has one (the state update), and quantized multipliers (relative 2^-31). A
/// difference of one h code then feeds the next step, so it can grow with t.
public struct RecurrentEngineAgreement: Sendable, Equatable {
  public var sequences: Int
  /// Fraction of sequences whose predicted class (argmax of the logits) is the same.
  public var identicalArgmax: Double
  /// Fraction of h codes (every unit of every step within each length) that are equal.
  public var identicalStates: Double
  /// Largest |h_engine − h_simulation / s_h| in h codes (LSB), over all steps.
  public var maxStateDifference: Int
  /// The same per time step t = 1 ... steps (0 where no sequence is that long).
  public var maxStateDifferenceByStep: [Int]

  /// Runs both on `tokens` (`[count, steps]`, `lengths`).
  public init(
    _ quantized: QuantizedRecurrentClassifier, _ engine: IntegerRecurrentClassifier,
    tokens: [Int32], lengths: [Int], steps: Int, threads: Int = 1
  ) throws {
    let simulated = try quantized.simulatedLogits(tokens: tokens, lengths: lengths, steps: steps)
    let integer = try engine.logits(
      tokens: tokens, lengths: lengths, steps: steps, threads: threads)
    let same = zip(
      rowArgmax(simulated, classes: engine.classes), rowArgmax(integer, classes: engine.classes)
    ).filter { $0 == $1 }.count
    let n = engine.hidden
    let codes = engine.embedded(tokens)
    var final = [Int8](repeating: 0, count: lengths.count * n)
    var states = [Int8](repeating: 0, count: lengths.count * steps * n)
    try engine.layer.forward(
      inputs: codes, lengths: lengths, steps: steps, final: &final, states: &states,
      threads: threads)
    let scale = Double(quantized.layer.stateScale)
    var byStep = [Int](repeating: 0, count: steps)
    var equal = 0
    var total = 0
    for (b, length) in lengths.enumerated() where length > 0 {
      let x = try quantized.float.embedded(tokens, b, steps: steps, length: length)
      let trace = RecurrentSimulation.run(
        quantized.float.recurrent, quantized: quantized.layer, inputs: x, length: length)
      for t in 0..<length {
        for j in 0..<n {
          let simulatedCode = Int((trace.states[t][j] / scale).rounded())
          let difference = abs(Int(states[(b * steps + t) * n + j]) - simulatedCode)
          byStep[t] = max(byStep[t], difference)
          equal += difference == 0 ? 1 : 0
          total += 1
        }
      }
    }
    sequences = lengths.count
    identicalArgmax = lengths.isEmpty ? 1 : Double(same) / Double(lengths.count)
    identicalStates = total == 0 ? 1 : Double(equal) / Double(total)
    maxStateDifference = byStep.max() ?? 0
    maxStateDifferenceByStep = byStep
  }
}
