import Foundation
import Kernels
import Testing

@testable import TensorEngine

@Suite struct OptimizerTests {
  /// One parameter vector `w = [1, -2]` with gradient `g = [0.5, -1]`, stepped twice.
  func twoSteps(_ optimizer: Optimizer, lr: Float) -> [Float] {
    let w = FloatBuffer([1, -2])
    let g = FloatBuffer([0.5, -1])
    let state = OptimizerState(optimizer: optimizer, sizes: [2])
    state.step([(w, g, nil)], learningRate: lr)
    state.step([(w, g, nil)], learningRate: lr)
    return w.array()
  }

  @Test func sgdSubtractsTheScaledGradient() {
    // w - 2 * 0.1 * g
    #expect(twoSteps(.sgd(learningRate: 0.1), lr: 0.1) == [0.9, -1.8])
  }

  @Test func momentumAccumulatesVelocity() {
    // v1 = -lr g, v2 = mu v1 - lr g = -(1 + mu) lr g; w = w0 + v1 + v2 = w0 - (2 + mu) lr g
    let w = twoSteps(.momentum(learningRate: 0.1, momentum: 0.5), lr: 0.1)
    #expect(abs(w[0] - (1 - 2.5 * 0.1 * 0.5)) < 1e-6)
    #expect(abs(w[1] - (-2 + 2.5 * 0.1)) < 1e-6)
  }

  @Test func adamMatchesTheHandComputedUpdate() {
    // Constant gradient: m_t = (1 - b1^t) g, v_t = (1 - b2^t) g^2, so each step moves
    // w by lr * g / (|g| + eps * sqrt(1 - b2^t) ... ) ~= lr * sign(g). Computed exactly:
    let (lr, b1, b2, eps): (Double, Double, Double, Double) = (0.01, 0.9, 0.999, 1e-7)
    var expected: [Double] = [1, -2]
    let g: [Double] = [0.5, -1]
    var m = [0.0, 0.0]
    var v = [0.0, 0.0]
    for t in 1...2 {
      let lrT = lr * (1 - pow(b2, Double(t))).squareRoot() / (1 - pow(b1, Double(t)))
      for i in 0..<2 {
        m[i] = b1 * m[i] + (1 - b1) * g[i]
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
        expected[i] -= lrT * m[i] / (v[i].squareRoot() + eps)
      }
    }
    let w = twoSteps(.adam(learningRate: 0.01), lr: 0.01)
    #expect(abs(Double(w[0]) - expected[0]) < 1e-6 && abs(Double(w[1]) - expected[1]) < 1e-6)
    #expect(abs(Double(w[0]) - (1 - 0.02)) < 1e-4)  // ~ lr per step against the gradient sign
  }

  @Test func maskedGradientsDoNotMove() {
    let w = FloatBuffer([1, 1])
    let g = FloatBuffer([1, 1])
    let mask = FloatBuffer([1, 0])
    OptimizerState(optimizer: .sgd(learningRate: 0.5), sizes: [2]).step(
      [(w, g, mask)], learningRate: 0.5)
    #expect(w.array() == [0.5, 1])
  }

  @Test func schedules() {
    #expect(LearningRateSchedule.constant.rate(base: 0.1, epoch: 7, epochs: 10) == 0.1)
    #expect(
      LearningRateSchedule.step(every: 2, gamma: 0.5).rate(base: 1, epoch: 5, epochs: 10) == 0.25)
    let cosine = LearningRateSchedule.cosine(minimum: 0)
    #expect(cosine.rate(base: 1, epoch: 0, epochs: 4) == 1)
    #expect(abs(cosine.rate(base: 1, epoch: 2, epochs: 4) - 0.5) < 1e-6)
  }

  @Test func invalidOptimizersAreRejected() {
    #expect(throws: EngineError.self) { try Optimizer.sgd(learningRate: -1).validate() }
    #expect(throws: EngineError.self) {
      try Optimizer.momentum(learningRate: 0.1, momentum: 1.5).validate()
    }
  }
}

@Suite struct LossTests {
  func gradientCheck(_ loss: Loss, fused: Bool) {
    let n = 2
    let k = 3
    var y: [Float] = [0.2, -0.4, 1.1, 0.7, 0.3, -0.9]
    if fused {  // y holds softmax probabilities; the gradient is w.r.t. the logits.
      biasActivationForward(&y, rows: n, columns: k, bias: nil, activation: .softmax)
    }
    let logits: [Double] = [0.2, -0.4, 1.1, 0.7, 0.3, -0.9]
    let labels: [Int32] = [2, 0]
    var grad = [Float](repeating: 0, count: n * k)
    let value =
      y.withUnsafeBufferPointer { yp in
        labels.withUnsafeBufferPointer { lp in
          grad.withUnsafeMutableBufferPointer { gp in
            loss.evaluate(
              yp.baseAddress!, labels: lp.baseAddress!, count: n, classes: k, fusedSoftmax: fused,
              gradient: gp.baseAddress!, gradientScale: 1 / Float(n))
          }
        }
      } / Double(n)
    func reference(_ z: [Double]) -> Double {
      var total = 0.0
      for r in 0..<n {
        let row = Array(z[(r * k)..<(r * k + k)])
        let label = Int(labels[r])
        switch loss {
        case .crossEntropy:
          let s = row.map { exp($0) }.reduce(0, +)
          total -= log(exp(row[label]) / s)
        case .meanSquaredError:
          total +=
            row.indices.map { c in pow(row[c] - (c == label ? 1 : 0), 2) }.reduce(0, +) / Double(k)
        }
      }
      return total / Double(n)
    }
    #expect(abs(value - reference(logits)) < 1e-5)
    let h = 1e-6
    let numeric = logits.indices.map { i -> Double in
      var p = logits
      var m = logits
      p[i] += h
      m[i] -= h
      return (reference(p) - reference(m)) / (2 * h)
    }
    #expect(ReferenceLayers.relativeError(numeric, grad.map(Double.init)) < 1e-4)
  }

  @Test func crossEntropyFusedWithSoftmax() { gradientCheck(.crossEntropy, fused: true) }
  @Test func crossEntropyOnLogits() { gradientCheck(.crossEntropy, fused: false) }
  @Test func meanSquaredError() { gradientCheck(.meanSquaredError, fused: false) }
}
