import Foundation
import Kernels

/// What one sequence did inside a recurrent layer, step by step (index t = step t + 1).
public struct RecurrentTrace: Sendable {
  /// The gate inputs, `[gates·hidden]` per step in gate-block order: `a + u` (GRU candidate:
  /// `a_h + r ⊙ u_h`), before σ / tanh.
  public var preActivations: [[Double]] = []
  /// h after each step, `[hidden]`.
  public var states: [[Double]] = []
  /// c after each step (LSTM), `[hidden]`; empty for the other cells.
  public var cellStates: [[Double]] = []
}

/// The float forward of a recurrent layer with its quantization points made optional: with
/// `quantized` nil it is `RecurrentReference`'s arithmetic (Double, the same formulas in the same
/// order) and records the gates; with a `QuantizedRecurrentLayer` it is the fake-quant
/// simulation of the integer engine: float math, rounded where the engine rounds.
///
/// The simulation's rounding points: x onto `inputGrid`; W, U onto their per-column grids; the
/// biases onto the accumulator grids; `a` and `u` (and the GRU's `r ⊙ u_h`) onto Q.12; gate
/// inputs clamped to [-8, 8 - 2^-12]; σ and tanh in Double, rounded to Q0.15 (the engine reads
/// its tables: ≤ 1.6 LSB apart); c onto `2^-F` (int16); h onto `s_h·q`, q ∈ [-127, 127].
public enum RecurrentSimulation {
  public static func run(
    _ float: RecurrentCellWeights, quantized: QuantizedRecurrentLayer? = nil,
    inputs: [Float], length: Int
  ) -> RecurrentTrace {
    let w = quantized?.weights.dequantized ?? float
    let n = w.hidden
    let width = w.cell.gateCount * n
    let grid = Rounding(quantized)
    var bias = w.bias.map(Double.init)
    var recurrentBias =
      w.recurrentBias.isEmpty
      ? [Double](repeating: 0, count: width) : w.recurrentBias.map(Double.init)
    if let q = quantized {
      bias = zip(bias, q.inputScales).map { ($0 / $1).rounded(.toNearestOrAwayFromZero) * $1 }
      recurrentBias = zip(recurrentBias, q.recurrentScales).map {
        ($0 / $1).rounded(.toNearestOrAwayFromZero) * $1
      }
    }
    var h = [Double](repeating: 0, count: n)
    var c = [Double](repeating: 0, count: n)
    var trace = RecurrentTrace()
    for t in 0..<length {
      var a = bias
      var u = recurrentBias
      for i in 0..<w.inputWidth {
        let xi = grid.input(inputs[t * w.inputWidth + i])
        guard xi != 0 else { continue }
        for j in 0..<width { a[j] += xi * Double(w.kernel[i * width + j]) }
      }
      for i in 0..<n where h[i] != 0 {
        for j in 0..<width { u[j] += h[i] * Double(w.recurrentKernel[i * width + j]) }
      }
      a = a.map(grid.q12)
      u = u.map(grid.q12)
      var pre = [Double](repeating: 0, count: width)
      switch w.cell {
      case .simple:
        for j in 0..<n {
          pre[j] = grid.gateInput(a[j] + u[j])
          h[j] = grid.state(grid.tanh(pre[j]))
        }
      case .gru:
        for j in 0..<n {
          pre[j] = grid.gateInput(a[j] + u[j])
          pre[n + j] = grid.gateInput(a[n + j] + u[n + j])
          let z = grid.sigmoid(pre[j])
          let r = grid.sigmoid(pre[n + j])
          pre[2 * n + j] = grid.gateInput(a[2 * n + j] + grid.q12(r * u[2 * n + j]))
          h[j] = grid.state(z * h[j] + (1 - z) * grid.tanh(pre[2 * n + j]))
        }
      case .lstm:
        for j in 0..<width { pre[j] = grid.gateInput(a[j] + u[j]) }
        for j in 0..<n {
          let i = grid.sigmoid(pre[j])
          let f = grid.sigmoid(pre[n + j])
          let g = grid.tanh(pre[2 * n + j])
          let o = grid.sigmoid(pre[3 * n + j])
          c[j] = grid.cell(f * c[j] + i * g)
          h[j] = grid.state(o * grid.tanh(grid.gateInput(c[j])))
        }
      }
      trace.preActivations.append(pre)
      trace.states.append(h)
      if w.cell == .lstm { trace.cellStates.append(c) }
    }
    return trace
  }
}

/// The rounding points of the simulation; every function is the identity in float mode.
private struct Rounding {
  let layer: QuantizedRecurrentLayer?

  init(_ layer: QuantizedRecurrentLayer?) { self.layer = layer }

  func round(_ v: Double) -> Double { v.rounded(.toNearestOrAwayFromZero) }

  func input(_ x: Float) -> Double {
    guard let grid = layer?.inputGrid else { return Double(x) }
    return Double(grid.value(grid.code(x)))
  }
  func q12(_ v: Double) -> Double { layer == nil ? v : round(v * 4096) / 4096 }
  func gateInput(_ v: Double) -> Double { layer == nil ? v : min(max(v, -8), 8 - 0x1p-12) }
  func sigmoid(_ v: Double) -> Double {
    let y = 1 / (1 + exp(-v))
    return layer == nil ? y : min(max(round(y * 32768), 0), 32767) / 32768
  }
  func tanh(_ v: Double) -> Double {
    let y = Foundation.tanh(v)
    return layer == nil ? y : min(max(round(y * 32768), -32767), 32767) / 32768
  }
  func state(_ v: Double) -> Double {
    guard let s = layer.map({ Double($0.stateScale) }) else { return v }
    return min(max(round(v / s), -127), 127) * s
  }
  func cell(_ v: Double) -> Double {
    guard let f = layer?.cellFractionBits else { return v }
    let one = Double(1 << f)
    return min(max(round(v * one), -32768), 32767) / one
  }
}
