import Foundation

/// The plain reference of back-propagation through time: one sequence, one step at a time, in
/// Double with exact functions. `recurrentBackward` is checked against it, and it against
/// finite differences of `RecurrentReference`.
public enum RecurrentBackwardReference {
  /// A cell's weights in Double, laid out like `RecurrentCellWeights` (so that finite
  /// differences can move one weight by a small step).
  public struct Weights {
    public var cell: RecurrentCell
    public var inputWidth: Int
    public var hidden: Int
    public var kernel: [Double]
    public var recurrentKernel: [Double]
    public var bias: [Double]
    public var recurrentBias: [Double]

    /// From packed weights `[inputWidth + hidden, width]` and bias (see
    /// `RecurrentCellWeights(packed:bias:)`).
    public init(cell: RecurrentCell, inputWidth: Int, hidden: Int, packed: [Double], bias: [Double])
    {
      let width = cell.gateCount * hidden
      self.cell = cell
      self.inputWidth = inputWidth
      self.hidden = hidden
      kernel = Array(packed[0..<(inputWidth * width)])
      recurrentKernel = Array(packed[(inputWidth * width)...])
      self.bias = Array(bias[0..<width])
      recurrentBias = Array(bias[width...])
    }
  }

  /// Gradients of `L = Σ_j gradOutput[j] · h_length[j]` with respect to each weight array
  /// (same layouts) and to the inputs (`[length, inputWidth]`).
  public struct Gradients {
    public var kernel: [Double]
    public var recurrentKernel: [Double]
    public var bias: [Double]
    public var recurrentBias: [Double]
    public var inputs: [Double]
  }

  /// The states and cell states at steps `0...length` and each step's pre-activations
  /// `a = x·W + b`, `u = h·U (+ c)`.
  struct Trace {
    var hs: [[Double]]
    var cs: [[Double]]
    var pre: [(a: [Double], u: [Double])]
  }

  static func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }

  static func trace(_ w: Weights, inputs: [Double], length: Int) -> Trace {
    let (n, d) = (w.hidden, w.inputWidth)
    let width = w.cell.gateCount * n
    var tr = Trace(
      hs: [[Double](repeating: 0, count: n)], cs: [[Double](repeating: 0, count: n)], pre: [])
    for t in 0..<length {
      var a = w.bias
      var u = w.recurrentBias.isEmpty ? [Double](repeating: 0, count: width) : w.recurrentBias
      for i in 0..<d {
        for j in 0..<width { a[j] += inputs[t * d + i] * w.kernel[i * width + j] }
      }
      for i in 0..<n {
        for j in 0..<width { u[j] += tr.hs[t][i] * w.recurrentKernel[i * width + j] }
      }
      var h = tr.hs[t]
      var c = tr.cs[t]
      RecurrentReference.update(w.cell, hidden: n, a: a, u: u, h: &h, c: &c)
      tr.pre.append((a, u))
      tr.hs.append(h)
      tr.cs.append(c)
    }
    return tr
  }

  /// The state after `length` steps of `inputs` (`[length, inputWidth]`), all in Double.
  public static func lastState(_ w: Weights, inputs: [Double], length: Int) -> [Double] {
    trace(w, inputs: inputs, length: length).hs[length]
  }

  public static func gradients(
    _ w: Weights, inputs: [Double], length: Int, gradOutput: [Double]
  ) -> Gradients {
    let (n, d) = (w.hidden, w.inputWidth)
    let width = w.cell.gateCount * n
    let tr = trace(w, inputs: inputs, length: length)
    let (hs, cs) = (tr.hs, tr.cs)
    var g = Gradients(
      kernel: .init(repeating: 0, count: d * width),
      recurrentKernel: .init(repeating: 0, count: n * width),
      bias: .init(repeating: 0, count: width),
      recurrentBias: .init(repeating: 0, count: w.recurrentBias.count),
      inputs: .init(repeating: 0, count: length * d))
    var dh = gradOutput
    var dc = [Double](repeating: 0, count: n)
    for t in stride(from: length - 1, through: 0, by: -1) {
      let (a, u) = tr.pre[t]
      var dA = [Double](repeating: 0, count: width)
      var dR = [Double](repeating: 0, count: width)
      var dhPrev = [Double](repeating: 0, count: n)
      for j in 0..<n {
        switch w.cell {
        case .simple:
          let y = tanh(a[j] + u[j])
          dA[j] = dh[j] * (1 - y * y)
          dR[j] = dA[j]
        case .gru:
          let z = sigmoid(a[j] + u[j])
          let r = sigmoid(a[n + j] + u[n + j])
          let c = tanh(a[2 * n + j] + r * u[2 * n + j])
          dA[j] = dh[j] * (hs[t][j] - c) * z * (1 - z)
          dA[2 * n + j] = dh[j] * (1 - z) * (1 - c * c)
          dA[n + j] = dA[2 * n + j] * u[2 * n + j] * r * (1 - r)
          dR[j] = dA[j]
          dR[n + j] = dA[n + j]
          dR[2 * n + j] = dA[2 * n + j] * r
          dhPrev[j] = dh[j] * z
        case .lstm:
          let i = sigmoid(a[j] + u[j])
          let f = sigmoid(a[n + j] + u[n + j])
          let c = tanh(a[2 * n + j] + u[2 * n + j])
          let o = sigmoid(a[3 * n + j] + u[3 * n + j])
          let tc = tanh(cs[t + 1][j])
          let total = dc[j] + dh[j] * o * (1 - tc * tc)
          dA[j] = total * c * i * (1 - i)
          dA[n + j] = total * cs[t][j] * f * (1 - f)
          dA[2 * n + j] = total * i * (1 - c * c)
          dA[3 * n + j] = dh[j] * tc * o * (1 - o)
          for b in 0..<4 { dR[b * n + j] = dA[b * n + j] }
          dc[j] = total * f
        }
      }
      for i in 0..<d {
        for j in 0..<width {
          g.kernel[i * width + j] += inputs[t * d + i] * dA[j]
          g.inputs[t * d + i] += dA[j] * w.kernel[i * width + j]
        }
      }
      for i in 0..<n {
        for j in 0..<width {
          g.recurrentKernel[i * width + j] += hs[t][i] * dR[j]
          dhPrev[i] += dR[j] * w.recurrentKernel[i * width + j]
        }
      }
      for j in 0..<width {
        g.bias[j] += dA[j]
        if !g.recurrentBias.isEmpty { g.recurrentBias[j] += dR[j] }
      }
      dh = dhPrev
    }
    return g
  }
}

/// The plain reference of `recurrentBackward` over a batch: per sequence `gradients`, summed
/// into `weightGradient` / `biasGradient` (packed layouts; overwritten), and the input gradient
/// `[batch, steps, inputWidth]` (zeros after each sequence's end) when given.
public func recurrentBackwardReference(
  _ g: RecurrentGeometry, input x: UnsafePointer<Float>, lengths: UnsafePointer<Int32>,
  weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>,
  weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
  inputGradient: UnsafeMutablePointer<Float>?
) {
  let w = RecurrentBackwardReference.Weights(
    cell: g.cell, inputWidth: g.inputWidth, hidden: g.hidden,
    packed: UnsafeBufferPointer(start: weights, count: g.weightCount).map(Double.init),
    bias: UnsafeBufferPointer(start: bias, count: g.biasCount).map(Double.init))
  var dW = [Double](repeating: 0, count: g.weightCount)
  var dB = [Double](repeating: 0, count: g.biasCount)
  let per = g.steps * g.inputWidth
  for s in 0..<g.batch {
    let grads = RecurrentBackwardReference.gradients(
      w, inputs: UnsafeBufferPointer(start: x + s * per, count: per).map(Double.init),
      length: Int(lengths[s]),
      gradOutput: UnsafeBufferPointer(start: gradOutput + s * g.hidden, count: g.hidden).map(
        Double.init))
    for (i, v) in (grads.kernel + grads.recurrentKernel).enumerated() { dW[i] += v }
    for (i, v) in (grads.bias + grads.recurrentBias).enumerated() { dB[i] += v }
    if let inputGradient {
      for i in 0..<per {
        inputGradient[s * per + i] = i < grads.inputs.count ? Float(grads.inputs[i]) : 0
      }
    }
  }
  for i in 0..<dW.count { weightGradient[i] = Float(dW[i]) }
  for i in 0..<dB.count { biasGradient[i] = Float(dB[i]) }
}
