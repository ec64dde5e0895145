import Foundation
import Kernels

/// The error of one gate's input (pre-activation) under quantization.
public struct RecurrentGateError: Sendable, Equatable {
  public var gate: RecurrentGate
  /// The float model's observed range of the gate input.
  public var minimum: Double
  public var maximum: Double
  /// Fraction of float gate inputs beyond the Q3.12 range [-8, 8) (saturated, where σ and tanh
  /// are flat to 3.4e-4).
  public var saturatedFraction: Double
  /// `10·log10(Σ p² / Σ (p - p̂)²)`, p the float input clamped to [-8, 8], p̂ the simulation's.
  public var sqnrDecibels: Double
}

/// The error of h at one time step, over the sequences at least that long.
public struct RecurrentStepError: Sendable, Equatable {
  /// 1-based time step.
  public var step: Int
  public var sequences: Int
  /// Root mean square and largest |h - ĥ| over those sequences' units.
  public var rms: Double
  public var maxAbsolute: Double
}

/// Per-gate and per-step errors of a quantized recurrent layer's simulation against its float
/// layer: where quantization hurts, and how recurrence carries the error from step to step.
public struct RecurrentErrorReport: Sendable {
  public let cell: RecurrentCell
  public let bits: Int
  public var gates: [RecurrentGateError]
  /// SQNR of h after each sequence's last step (the layer's output), in dB.
  public var outputSQNR: Double
  /// t = 1 ... longest length.
  public var steps: [RecurrentStepError]

  /// Runs float and simulation over `inputs` (`[count, steps, inputWidth]`, `lengths`).
  public init(
    float: RecurrentCellWeights, quantized: QuantizedRecurrentLayer, inputs: [Float],
    lengths: [Int], steps: Int
  ) throws {
    let sequence = steps * float.inputWidth
    guard inputs.count == lengths.count * sequence, lengths.allSatisfy({ (0...steps) ~= $0 })
    else {
      throw QuantizationError(.shapeMismatch, "recurrent error analysis: inputs do not match")
    }
    let n = float.hidden
    let gateList = float.cell.gates
    var signal = [Double](repeating: 0, count: gateList.count)
    var noise = signal
    var low = [Double](repeating: .infinity, count: gateList.count)
    var high = [Double](repeating: -.infinity, count: gateList.count)
    var saturated = [Int](repeating: 0, count: gateList.count)
    var observed = 0
    var outputSignal = 0.0
    var outputNoise = 0.0
    var stepSquares = [Double](repeating: 0, count: steps)
    var stepMax = stepSquares
    var stepCount = [Int](repeating: 0, count: steps)
    for (b, length) in lengths.enumerated() where length > 0 {
      let x = Array(inputs[(b * sequence)..<(b * sequence + length * float.inputWidth)])
      let exact = RecurrentSimulation.run(float, inputs: x, length: length)
      let approx = RecurrentSimulation.run(float, quantized: quantized, inputs: x, length: length)
      observed += length * n
      for t in 0..<length {
        for (g, _) in gateList.enumerated() {
          for j in (g * n)..<((g + 1) * n) {
            let p = exact.preActivations[t][j]
            low[g] = min(low[g], p)
            high[g] = max(high[g], p)
            if p < -8 || p >= 8 { saturated[g] += 1 }
            let clamped = min(max(p, -8), 8)
            signal[g] += clamped * clamped
            let d = clamped - approx.preActivations[t][j]
            noise[g] += d * d
          }
        }
        for j in 0..<n {
          let e = abs(exact.states[t][j] - approx.states[t][j])
          stepSquares[t] += e * e
          stepMax[t] = max(stepMax[t], e)
          if t == length - 1 {
            outputSignal += exact.states[t][j] * exact.states[t][j]
            outputNoise += e * e
          }
        }
        stepCount[t] += 1
      }
    }
    guard observed > 0 else {
      throw QuantizationError(.emptyInput, "recurrent error analysis: every sequence is empty")
    }
    cell = float.cell
    bits = quantized.weights.bits
    gates = gateList.enumerated().map { g, gate in
      RecurrentGateError(
        gate: gate, minimum: low[g], maximum: high[g],
        saturatedFraction: Double(saturated[g]) / Double(observed),
        sqnrDecibels: decibels(signal[g], noise[g]))
    }
    outputSQNR = decibels(outputSignal, outputNoise)
    self.steps = (0..<steps).filter { stepCount[$0] > 0 }.map { t in
      RecurrentStepError(
        step: t + 1, sequences: stepCount[t],
        rms: (stepSquares[t] / Double(stepCount[t] * n)).squareRoot(), maxAbsolute: stepMax[t])
    }
  }
}

/// `10·log10(signal / noise)`: +∞ without noise, −∞ without signal.
func decibels(_ signal: Double, _ noise: Double) -> Double {
  noise == 0 ? .infinity : signal == 0 ? -.infinity : 10 * log10(signal / noise)
}
