import Kernels

/// A recurrent layer's buffers inside a `Network` of batch capacity `B`: the sequence lengths,
/// the forward tape (`RecurrentTape`) and, for training, the backward scratch, each sized per
/// sample so that a range of samples (a training shard, an inference tile) has its own
/// contiguous piece; inside a piece the time-major buffers are `[steps (+1), n, ·]`.
final class SequenceBuffers {
  let cell: RecurrentCell
  let steps: Int
  let inputWidth: Int
  let hidden: Int
  /// `[B]`: each sample's length (the position of its first padding token).
  let lengths: IndexBuffer
  private let projection, recurrent, states, gates: FloatBuffer
  private let cells, candidate: FloatBuffer?
  private let inputSide, recurrentSide, stateGradient: FloatBuffer?
  private let cellGradients: (FloatBuffer, FloatBuffer)?

  init(cell: RecurrentCell, inShape: [Int], hidden: Int, batch: Int, training: Bool) {
    self.cell = cell
    steps = inShape[0]
    inputWidth = inShape[1]
    self.hidden = hidden
    lengths = IndexBuffer(count: batch)
    let perSample = RecurrentTape.counts(
      RecurrentGeometry(cell: cell, batch: 1, steps: steps, inputWidth: inputWidth, hidden: hidden))
    func buffer(_ count: Int) -> FloatBuffer? {
      count > 0 ? FloatBuffer(count: batch * count) : nil
    }
    projection = buffer(perSample.projection)!
    recurrent = buffer(perSample.recurrent)!
    states = buffer(perSample.states)!
    gates = buffer(perSample.gates)!
    cells = buffer(perSample.cells)
    candidate = buffer(perSample.candidate)
    let width = cell.gateCount * hidden
    inputSide = training ? buffer(steps * width) : nil
    recurrentSide = training ? buffer(steps * width) : nil
    stateGradient = training ? buffer(hidden) : nil
    cellGradients =
      training && cell == .lstm ? (buffer(hidden)!, buffer(hidden)!) : nil
  }

  /// The geometry of `n` samples.
  func geometry(count n: Int) -> RecurrentGeometry {
    RecurrentGeometry(cell: cell, batch: n, steps: steps, inputWidth: inputWidth, hidden: hidden)
  }

  /// The tape of samples `offset..<offset + n`.
  func tape(offset: Int, count n: Int) -> RecurrentTape {
    let one = RecurrentTape.counts(geometry(count: 1))
    return RecurrentTape(
      projection: projection.pointer + offset * one.projection,
      recurrent: recurrent.pointer + offset * one.recurrent,
      states: states.pointer + offset * one.states,
      cells: cells.map { $0.pointer + offset * one.cells },
      gates: gates.pointer + offset * one.gates,
      candidate: candidate.map { $0.pointer + offset * one.candidate })
  }

  /// The backward scratch of samples `offset..<offset + n` (training networks only).
  func scratch(offset: Int, count n: Int) -> RecurrentGradientScratch {
    let side = steps * cell.gateCount * hidden
    return RecurrentGradientScratch(
      inputSide: inputSide!.pointer + offset * side,
      recurrentSide: recurrentSide!.pointer + offset * side,
      state: stateGradient!.pointer + offset * hidden,
      cell: cellGradients.map {
        ($0.0.pointer + offset * hidden, $0.1.pointer + offset * hidden)
      })
  }
}
