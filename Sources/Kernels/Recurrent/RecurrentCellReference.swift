import Foundation

/// The three recurrent cells, with Keras's semantics (TensorFlow 2 / Keras 3 defaults:
/// `activation: tanh`, `recurrent_activation: sigmoid`, GRU `reset_after: true`).
public enum RecurrentCell: String, Sendable, CaseIterable {
  /// `h' = tanh(x·W + h·U + b)`.
  case simple
  /// Gates in the order z (update), r (reset), h (candidate):
  /// `z = σ(x·W_z + b_z + h·U_z + c_z)`, `r = σ(x·W_r + b_r + h·U_r + c_r)`,
  /// `ĥ = tanh(x·W_h + b_h + r ⊙ (h·U_h + c_h))`, `h' = z ⊙ h + (1 − z) ⊙ ĥ`,
  /// where `b` is the input bias and `c` the recurrent bias.
  case gru
  /// Gates in the order i, f, c, o: `i = σ(x·W_i + h·U_i + b_i)`, `f = σ(…)`,
  /// `g = tanh(x·W_c + h·U_c + b_c)`, `o = σ(…)`, `c' = f ⊙ c + i ⊙ g`, `h' = o ⊙ tanh(c')`.
  case lstm

  /// How many blocks of `hidden` columns the kernels hold: 1, 3 or 4.
  public var gateCount: Int {
    switch self {
    case .simple: 1
    case .gru: 3
    case .lstm: 4
    }
  }
}

/// One recurrent layer's weights, laid out as Keras stores them (row-major).
///
/// - `kernel`: `[inputWidth, gates·hidden]`, gate blocks side by side in `RecurrentCell` order.
/// - `recurrentKernel`: `[hidden, gates·hidden]`.
/// - `bias`: `[gates·hidden]` (the input bias).
/// - `recurrentBias`: `[gates·hidden]` for the GRU (Keras's second bias row); empty otherwise.
public struct RecurrentCellWeights: Sendable, Equatable {
  public var cell: RecurrentCell
  public var inputWidth: Int
  public var hidden: Int
  public var kernel: [Float]
  public var recurrentKernel: [Float]
  public var bias: [Float]
  public var recurrentBias: [Float]

  public init(
    cell: RecurrentCell, inputWidth: Int, hidden: Int, kernel: [Float],
    recurrentKernel: [Float], bias: [Float], recurrentBias: [Float] = []
  ) {
    let width = cell.gateCount * hidden
    precondition(kernel.count == inputWidth * width, "kernel must be [inputWidth, gates·hidden]")
    precondition(
      recurrentKernel.count == hidden * width, "recurrent kernel: [hidden, gates·hidden]")
    precondition(bias.count == width, "bias must be [gates·hidden]")
    precondition(
      recurrentBias.count == (cell == .gru ? width : 0),
      "a GRU has a recurrent bias of gates·hidden values; other cells have none")
    self.cell = cell
    self.inputWidth = inputWidth
    self.hidden = hidden
    self.kernel = kernel
    self.recurrentKernel = recurrentKernel
    self.bias = bias
    self.recurrentBias = recurrentBias
  }
}

/// The plain reference of a recurrent layer: one sequence, one step at a time, in Double
/// internally and rounded to Float per step. Fast kernels, the integer engine's simulation and
/// the backward pass's finite differences are all checked against it.
public enum RecurrentReference {
  /// The state after each of the `length` steps of `inputs` (`[length, inputWidth]`), starting
  /// from zeros. Keras's masking with padding at the end is `length` = the unpadded length: the
  /// layer's output is the last of these states (zeros when `length` is 0).
  /// Returns `[length][hidden]` (for the LSTM, `h`; its cell state stays internal).
  public static func states(
    _ w: RecurrentCellWeights, inputs: [Float], length: Int
  ) -> [[Float]] {
    precondition(inputs.count >= length * w.inputWidth, "inputs must be [length, inputWidth]")
    var h = [Double](repeating: 0, count: w.hidden)
    var c = [Double](repeating: 0, count: w.hidden)
    var result: [[Float]] = []
    result.reserveCapacity(length)
    for t in 0..<length {
      let x = Array(inputs[(t * w.inputWidth)..<((t + 1) * w.inputWidth)])
      step(w, x: x, h: &h, c: &c)
      result.append(h.map { Float($0) })
    }
    return result
  }

  /// One step: updates `h` (and `c` for the LSTM) in place from input `x` (`[inputWidth]`).
  public static func step(
    _ w: RecurrentCellWeights, x: [Float], h: inout [Double], c: inout [Double]
  ) {
    let n = w.hidden
    let width = w.cell.gateCount * n
    // a[j] = x·W[:, j] + b[j];  u[j] = h·U[:, j] (+ recurrent bias for the GRU).
    var a = w.bias.map(Double.init)
    var u =
      w.recurrentBias.isEmpty
      ? [Double](repeating: 0, count: width) : w.recurrentBias.map(Double.init)
    for i in 0..<w.inputWidth where x[i] != 0 {
      let xi = Double(x[i])
      for j in 0..<width { a[j] += xi * Double(w.kernel[i * width + j]) }
    }
    for i in 0..<n where h[i] != 0 {
      for j in 0..<width { u[j] += h[i] * Double(w.recurrentKernel[i * width + j]) }
    }
    update(w.cell, hidden: n, a: a, u: u, h: &h, c: &c)
  }

  /// The gates of one step from the pre-activations `a = x·W + b` and `u = h·U (+ c)` (each
  /// `[gates·hidden]`): updates `h` and, for the LSTM, `c` (`[hidden]`) by the formulas in
  /// `RecurrentCell`, in Double with exact functions. `RecurrentBackwardReference` steps by it.
  static func update(
    _ cell: RecurrentCell, hidden n: Int, a: [Double], u: [Double], h: inout [Double],
    c: inout [Double]
  ) {
    func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
    for j in 0..<n {
      switch cell {
      case .simple:
        h[j] = tanh(a[j] + u[j])
      case .gru:
        let z = sigmoid(a[j] + u[j])
        let r = sigmoid(a[n + j] + u[n + j])
        h[j] = z * h[j] + (1 - z) * tanh(a[2 * n + j] + r * u[2 * n + j])
      case .lstm:
        let i = sigmoid(a[j] + u[j])
        let f = sigmoid(a[n + j] + u[n + j])
        let g = tanh(a[2 * n + j] + u[2 * n + j])
        let o = sigmoid(a[3 * n + j] + u[3 * n + j])
        c[j] = f * c[j] + i * g
        h[j] = o * tanh(c[j])
      }
    }
  }
}
