import Kernels

/// The activations of one recurrent layer observed over calibration sequences: the input x,
/// each gate's input (pre-activation), the state h and, for the LSTM, the cell state c.
public struct RecurrentActivationRanges: Sendable {
  public let cell: RecurrentCell
  public private(set) var input: ActivationHistogram
  /// One histogram per gate, in `cell.gates` order.
  public private(set) var gates: [ActivationHistogram]
  public private(set) var state: ActivationHistogram
  /// The LSTM's c; nil for the other cells.
  public private(set) var cellState: ActivationHistogram?

  /// Runs the float layer (`RecurrentSimulation` without quantization) over the sequences and
  /// records every value. `inputs` is `[count, steps, inputWidth]`, `lengths` has `count`
  /// entries in 0...steps (only the first `length` steps of each are read).
  public init(_ w: RecurrentCellWeights, inputs: [Float], lengths: [Int], steps: Int) throws {
    let sequence = steps * w.inputWidth
    guard inputs.count == lengths.count * sequence, lengths.allSatisfy({ (0...steps) ~= $0 })
    else {
      throw QuantizationError(
        .shapeMismatch,
        "recurrent calibration: inputs must be [\(lengths.count), \(steps), \(w.inputWidth)] "
          + "with lengths in 0...\(steps)")
    }
    cell = w.cell
    input = try ActivationHistogram()
    gates = try w.cell.gates.map { _ in try ActivationHistogram() }
    state = try ActivationHistogram()
    cellState = w.cell == .lstm ? try ActivationHistogram() : nil
    let n = w.hidden
    for (b, length) in lengths.enumerated() where length > 0 {
      let x = Array(inputs[(b * sequence)..<(b * sequence + length * w.inputWidth)])
      try input.observe(x)
      let trace = RecurrentSimulation.run(w, inputs: x, length: length)
      for t in 0..<length {
        for g in gates.indices {
          try gates[g].observe(trace.preActivations[t][(g * n)..<((g + 1) * n)].map(Float.init))
        }
        try state.observe(trace.states[t].map(Float.init))
        if !trace.cellStates.isEmpty { try cellState?.observe(trace.cellStates[t].map(Float.init)) }
      }
    }
    guard input.count > 0 else {
      throw QuantizationError(
        .emptyInput, "recurrent calibration: every calibration sequence is empty")
    }
  }

  /// The grids of the integer engine from these observations.
  ///
  /// - `inputGrid`: given (an embedding's table fixes it), else the input range by `method`,
  ///   int8 asymmetric.
  /// - state scale: `T / 127` with T the larger end of h's range by `method`.
  /// - cell fraction bits: `F = 15 - m` with `m` the least integer ≥ 0 such that `2^m` exceeds
  ///   c's largest magnitude by `method`.
  public func quantize(
    _ weights: QuantizedRecurrentWeights, method: CalibrationMethod = .minMax,
    inputGrid: LinearParameters? = nil
  ) throws -> QuantizedRecurrentLayer {
    let grid: LinearParameters
    if let inputGrid {
      grid = inputGrid
    } else {
      let range = try input.calibrate(method, bits: 8)
      grid = try LinearParameters(
        min: range.minimum, max: range.maximum, bits: 8, scheme: .asymmetric)
    }
    let h = try state.calibrate(method, bits: 8)
    let top = max(-h.minimum, h.maximum)
    var fraction = 15
    if let c = try cellState?.calibrate(method, bits: 16) {
      let magnitude = Double(max(-c.minimum, c.maximum))
      var m = 0
      while Double(1 << m) <= magnitude { m += 1 }
      guard m <= 15 else {
        throw QuantizationError(
          .unsupported, "recurrent quantization: the cell state reaches \(magnitude), past int16")
      }
      fraction = 15 - m
    }
    return try QuantizedRecurrentLayer(
      weights: weights, inputGrid: grid, stateScale: top > 0 ? top / 127 : 1.0 / 127,
      cellFractionBits: fraction)
  }
}
