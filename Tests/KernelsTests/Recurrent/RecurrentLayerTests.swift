import Foundation
import Testing

@testable import Kernels

/// The fast recurrent layer (batched GEMMs, fused gates with `GateMath`) against the plain
/// references on ragged sizes, ragged lengths (0, 1, partial, full) and 1 or 2 threads; the
/// reference backward against finite differences of the Double forward.
@Suite struct RecurrentLayerTests {
  struct Case: Sendable, CustomStringConvertible {
    var cell: RecurrentCell
    var batch: Int
    var steps: Int
    var inputWidth: Int
    var hidden: Int
    var threads: Int
    var description: String {
      "\(cell) n\(batch) T\(steps) D\(inputWidth) H\(hidden) threads \(threads)"
    }
  }

  static let cases: [Case] = RecurrentCell.allCases.flatMap { cell in
    [
      Case(cell: cell, batch: 1, steps: 1, inputWidth: 1, hidden: 1, threads: 1),
      Case(cell: cell, batch: 7, steps: 5, inputWidth: 3, hidden: 9, threads: 1),
      Case(cell: cell, batch: 17, steps: 16, inputWidth: 7, hidden: 17, threads: 2),
      Case(cell: cell, batch: 5, steps: 4, inputWidth: 33, hidden: 8, threads: 2),
    ]
  }

  /// Random inputs, weights (scaled so gates saturate now and then) and lengths that include
  /// 0, 1 and the full length.
  struct Inputs {
    var g: RecurrentGeometry
    var x: [Float]
    var lengths: [Int32]
    var weights: [Float]
    var bias: [Float]

    init(_ c: Case, seed: UInt64) {
      var rng = TestRandom(seed: seed)
      g = RecurrentGeometry(
        cell: c.cell, batch: c.batch, steps: c.steps, inputWidth: c.inputWidth, hidden: c.hidden)
      x = rng.floats(c.batch * c.steps * c.inputWidth)
      lengths = (0..<c.batch).map { s in
        switch s % 4 {
        case 0: Int32(c.steps)
        case 1: 0
        case 2: Int32(min(1, c.steps))
        default: Int32(rng.int(in: 0...c.steps))
        }
      }
      let scale = 1.5 / Float(c.inputWidth + c.hidden).squareRoot()
      weights = rng.floats(g.weightCount).map { $0 * scale * 2 }
      bias = rng.floats(g.biasCount).map { $0 * 0.5 }
    }
  }

  final class Tape {
    let buffers: [[Float]]
    var storage: [UnsafeMutablePointer<Float>] = []
    init(_ g: RecurrentGeometry) {
      let c = RecurrentTape.counts(g)
      buffers = [c.projection, c.recurrent, c.states, c.cells, c.gates, c.candidate].map {
        [Float](repeating: .nan, count: max($0, 1))
      }
      storage = buffers.map { b in
        let p = UnsafeMutablePointer<Float>.allocate(capacity: b.count)
        p.initialize(from: b, count: b.count)
        return p
      }
    }
    deinit { storage.forEach { $0.deallocate() } }
    func tape(_ g: RecurrentGeometry) -> RecurrentTape {
      RecurrentTape(
        projection: storage[0], recurrent: storage[1], states: storage[2],
        cells: g.cell == .lstm ? storage[3] : nil, gates: storage[4],
        candidate: g.cell == .gru ? storage[5] : nil)
    }
  }

  func fastForward(_ v: Inputs, threads: Int, tape: Tape) -> [Float] {
    var out = [Float](repeating: .nan, count: v.g.batch * v.g.hidden)
    recurrentForward(
      v.g, input: v.x, lengths: v.lengths, weights: v.weights, bias: v.bias,
      tape: tape.tape(v.g), output: &out, threads: threads)
    return out
  }

  @Test(arguments: cases)
  func forwardMatchesReference(_ c: Case) {
    let v = Inputs(c, seed: 11)
    let fast = fastForward(v, threads: c.threads, tape: Tape(v.g))
    var reference = [Float](repeating: .nan, count: fast.count)
    recurrentForwardReference(
      v.g, input: v.x, lengths: v.lengths, weights: v.weights, bias: v.bias, output: &reference)
    let error = zip(fast, reference).map { abs($0 - $1) }.max() ?? 0
    // GateMath's sigmoid / tanh are within 3e-7 of exact; Float GEMMs add a few ulps a step.
    #expect(error < 2e-5, "\(c): max difference \(error)")
    for s in 0..<c.batch where v.lengths[s] == 0 {
      #expect(fast[(s * c.hidden)..<((s + 1) * c.hidden)].allSatisfy { $0 == 0 })
    }
  }

  @Test(arguments: cases)
  func backwardMatchesReference(_ c: Case) {
    let v = Inputs(c, seed: 23)
    let tape = Tape(v.g)
    _ = fastForward(v, threads: c.threads, tape: tape)
    var rng = TestRandom(seed: 5)
    let gradOutput = rng.floats(c.batch * c.hidden)
    let side = RecurrentGradientScratch.counts(v.g)
    var dA = [Float](repeating: .nan, count: side.side)
    var dR = [Float](repeating: .nan, count: side.side)
    var dh = [Float](repeating: .nan, count: side.state)
    var dc0 = [Float](repeating: .nan, count: side.state)
    var dc1 = [Float](repeating: .nan, count: side.state)
    var dW = [Float](repeating: .nan, count: v.g.weightCount)
    var dB = [Float](repeating: .nan, count: v.g.biasCount)
    var dX = [Float](repeating: .nan, count: v.x.count)
    var scratchGrad = gradOutput
    dA.withUnsafeMutableBufferPointer { a in
      dR.withUnsafeMutableBufferPointer { r in
        dh.withUnsafeMutableBufferPointer { h in
          dc0.withUnsafeMutableBufferPointer { c0 in
            dc1.withUnsafeMutableBufferPointer { c1 in
              let scratch = RecurrentGradientScratch(
                inputSide: a.baseAddress!, recurrentSide: r.baseAddress!, state: h.baseAddress!,
                cell: c.cell == .lstm ? (c0.baseAddress!, c1.baseAddress!) : nil)
              recurrentBackward(
                v.g, input: v.x, lengths: v.lengths, weights: v.weights, tape: tape.tape(v.g),
                gradOutput: &scratchGrad, scratch: scratch, weightGradient: &dW,
                biasGradient: &dB, accumulate: false, inputGradient: &dX, threads: c.threads)
            }
          }
        }
      }
    }
    var rW = [Float](repeating: .nan, count: dW.count)
    var rB = [Float](repeating: .nan, count: dB.count)
    var rX = [Float](repeating: .nan, count: dX.count)
    recurrentBackwardReference(
      v.g, input: v.x, lengths: v.lengths, weights: v.weights, bias: v.bias,
      gradOutput: gradOutput, weightGradient: &rW, biasGradient: &rB, inputGradient: &rX)
    for (name, fast, reference) in [("weights", dW, rW), ("bias", dB, rB), ("input", dX, rX)] {
      let scale = max(1, reference.map { abs($0) }.max() ?? 0)
      let error = zip(fast, reference).map { abs($0 - $1) }.max() ?? 0
      #expect(error / scale < 1e-4, "\(c) \(name): max difference \(error) (scale \(scale))")
    }
  }

  /// The reference backward against central differences of the Double forward, per cell.
  @Test(arguments: RecurrentCell.allCases)
  func referenceBackwardMatchesFiniteDifferences(_ cell: RecurrentCell) {
    var rng = TestRandom(seed: 77)
    let (d, h, length) = (3, 4, 5)
    let width = cell.gateCount * h
    var w = RecurrentBackwardReference.Weights(
      cell: cell, inputWidth: d, hidden: h,
      packed: rng.floats((d + h) * width).map { Double($0) * 0.8 },
      bias: rng.floats((cell == .gru ? 2 : 1) * width).map { Double($0) * 0.5 })
    let x = rng.floats(length * d).map(Double.init)
    let r = rng.floats(h).map(Double.init)
    func loss(_ w: RecurrentBackwardReference.Weights, _ x: [Double]) -> Double {
      zip(RecurrentBackwardReference.lastState(w, inputs: x, length: length), r).reduce(0) {
        $0 + $1.0 * $1.1
      }
    }
    let g = RecurrentBackwardReference.gradients(w, inputs: x, length: length, gradOutput: r)
    let step = 1e-6
    func central(_ f: (Double) -> Double) -> Double { (f(step) - f(-step)) / (2 * step) }
    var worst = 0.0
    for k in 0..<w.kernel.count {
      let base = w.kernel[k]
      let numeric = central { e in
        w.kernel[k] = base + e; return loss(w, x)
      }
      w.kernel[k] = base
      worst = max(worst, abs(numeric - g.kernel[k]))
    }
    for k in 0..<w.recurrentKernel.count {
      let base = w.recurrentKernel[k]
      let numeric = central { e in
        w.recurrentKernel[k] = base + e; return loss(w, x)
      }
      w.recurrentKernel[k] = base
      worst = max(worst, abs(numeric - g.recurrentKernel[k]))
    }
    for k in 0..<w.bias.count {
      let base = w.bias[k]
      let numeric = central { e in
        w.bias[k] = base + e; return loss(w, x)
      }
      w.bias[k] = base
      worst = max(worst, abs(numeric - g.bias[k]))
    }
    for k in 0..<w.recurrentBias.count {
      let base = w.recurrentBias[k]
      let numeric = central { e in
        w.recurrentBias[k] = base + e; return loss(w, x)
      }
      w.recurrentBias[k] = base
      worst = max(worst, abs(numeric - g.recurrentBias[k]))
    }
    for k in 0..<x.count {
      var moved = x
      let numeric = central { e in
        moved[k] = x[k] + e; return loss(w, moved)
      }
      worst = max(worst, abs(numeric - g.inputs[k]))
    }
    #expect(worst < 1e-7, "\(cell): worst gradient difference \(worst)")
    #expect(g.recurrentBias.count == (cell == .gru ? width : 0))
  }

  /// GateMath's vector and scalar forms agree bit for bit and stay near the exact functions.
  @Test func gateMathIsAccurate() {
    var worstSigmoid = 0.0
    var worstTanh = 0.0
    for i in stride(from: -2000, through: 2000, by: 1) {
      let x = Float(i) / 50
      let lanes = SIMD8<Float>(repeating: x)
      #expect(GateMath.sigmoid(lanes)[3].bitPattern == GateMath.sigmoid(x).bitPattern)
      #expect(GateMath.tanh(lanes)[5].bitPattern == GateMath.tanh(x).bitPattern)
      let exact = 1 / (1 + exp(-Double(x)))
      worstSigmoid = max(worstSigmoid, abs(Double(GateMath.sigmoid(x)) - exact))
      worstTanh = max(worstTanh, abs(Double(GateMath.tanh(x)) - tanh(Double(x))))
    }
    #expect(worstSigmoid < 3e-7 && worstTanh < 6e-7, "\(worstSigmoid) \(worstTanh)")
    #expect(GateMath.sigmoid(Float(-200)) == 0 || GateMath.sigmoid(Float(-200)) < 1e-37)
    #expect(GateMath.sigmoid(Float(200)) == 1 && GateMath.tanh(Float(-200)) == -1)
  }
}
