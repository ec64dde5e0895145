extension RecurrentCellWeights {
  /// The weights of a layer stored packed, as `TensorEngine` keeps them: `weights`
  /// `[inputWidth + hidden, gates·hidden]` is `kernel` followed by `recurrentKernel` (rows
  /// appended, no reordering), `bias` is `bias` followed by `recurrentBias` (the GRU's
  /// `[2, gates·hidden]`, Keras's layout; `[gates·hidden]` otherwise).
  public init(
    cell: RecurrentCell, inputWidth: Int, hidden: Int, packed weights: [Float], bias: [Float]
  ) {
    let width = cell.gateCount * hidden
    precondition(weights.count == (inputWidth + hidden) * width, "weights: [in + hidden, width]")
    precondition(bias.count == (cell == .gru ? 2 : 1) * width, "bias: [width] or GRU [2, width]")
    self.init(
      cell: cell, inputWidth: inputWidth, hidden: hidden,
      kernel: Array(weights[0..<(inputWidth * width)]),
      recurrentKernel: Array(weights[(inputWidth * width)...]), bias: Array(bias[0..<width]),
      recurrentBias: Array(bias[width...]))
  }

  /// `bias` then `recurrentBias`: the layer's packed bias.
  public var packedBias: [Float] { bias + recurrentBias }
}

/// The plain reference of `recurrentForward`: each sequence through `RecurrentReference`
/// (Double, exact functions), its last state to `output` (`[batch, hidden]`).
public func recurrentForwardReference(
  _ g: RecurrentGeometry, input x: UnsafePointer<Float>, lengths: UnsafePointer<Int32>,
  weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
) {
  let w = RecurrentCellWeights(
    cell: g.cell, inputWidth: g.inputWidth, hidden: g.hidden,
    packed: Array(UnsafeBufferPointer(start: weights, count: g.weightCount)),
    bias: Array(UnsafeBufferPointer(start: bias, count: g.biasCount)))
  for s in 0..<g.batch {
    let per = g.steps * g.inputWidth
    let inputs = Array(UnsafeBufferPointer(start: x + s * per, count: per))
    let states = RecurrentReference.states(w, inputs: inputs, length: Int(lengths[s]))
    let last = states.last ?? [Float](repeating: 0, count: g.hidden)
    for j in 0..<g.hidden { output[s * g.hidden + j] = last[j] }
  }
}
