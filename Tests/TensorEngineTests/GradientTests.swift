import Testing

@testable import TensorEngine

/// Every layer's backward pass against central finite differences of a Double reference
/// forward pass, on the loss `L = sum_i y_i r_i` with random `r`.
@Suite struct GradientTests {
  static let tolerance = 1e-3

  static let cases: [(String, [Int], LayerKind)] = [
    (
      "conv valid", [5, 6, 2],
      .conv2d(filters: 3, kernel: 3, stride: 1, padding: .valid, activation: .linear)
    ),
    (
      "conv same stride 2 relu", [7, 6, 3],
      .conv2d(filters: 4, kernel: 3, stride: 2, padding: .same, activation: .relu)
    ),
    (
      "conv same tanh", [5, 5, 2],
      .conv2d(filters: 2, kernel: 2, stride: 1, padding: .same, activation: .tanh)
    ),
    (
      "conv deep patch (transposed dW path)", [5, 5, 8],
      .conv2d(filters: 3, kernel: 3, stride: 1, padding: .valid, activation: .relu)
    ),
    ("dense sigmoid", [7], .dense(units: 5, activation: .sigmoid)),
    ("dense softmax", [6], .dense(units: 4, activation: .softmax)),
    ("dense relu", [9], .dense(units: 6, activation: .relu)),
    ("max pool", [6, 6, 3], .maxPool(size: 2, stride: 2)),
    ("max pool overlapping", [5, 5, 2], .maxPool(size: 3, stride: 1)),
    ("avg pool", [6, 4, 2], .avgPool(size: 2, stride: 2)),
    ("flatten", [3, 2, 2], .flatten),
    ("batch norm image", [3, 3, 4], .batchNorm(momentum: 0.9, epsilon: 1e-3)),
    ("batch norm flat", [5], .batchNorm(momentum: 0.9, epsilon: 1e-3)),
    ("softmax layer", [6], .activation(.softmax)),
    ("relu layer", [2, 2, 3], .activation(.relu)),
  ]

  @Test(arguments: cases.indices)
  func layerGradientMatchesFiniteDifferences(_ c: Int) throws {
    let (label, inShape, kind) = Self.cases[c]
    let n = 3
    var model = try Sequential(inputShape: inShape, layers: [kind], seed: UInt64(10 + c))
    var rng = SeededRandom(seed: UInt64(99 + c))
    if model.layers[0].weights != nil {
      // Non-trivial bias and batch-norm gamma, so their gradients matter.
      var w = model.layers[0].weights!
      var b = model.layers[0].bias!
      for i in 0..<w.count { w.data[i] += 0.3 * rng.normal() }
      for i in 0..<b.count { b.data[i] = 0.2 * rng.normal() }
      try model.setParameters(layer: 0, weights: w, bias: b)
    }
    let inCount = inShape.reduce(1, *)
    let outShape = model.outputShape
    let outCount = outShape.reduce(1, *)
    let x = (0..<(n * inCount)).map { _ in rng.normal() }
    let r = (0..<(n * outCount)).map { _ in Double(rng.normal()) }

    let net = Network(
      model: model, batchCapacity: n, threads: 1, training: true, needInputGradient: true)
    net.input.copy(from: x)
    net.forward(count: n, training: true)
    net.lossGradient.copy(from: r.map(Float.init))
    net.backward(count: n, fusedSoftmax: false)
    let state = net.states[0]

    let w = model.layers[0].weights?.data.map(Double.init) ?? []
    let b = model.layers[0].bias?.data.map(Double.init) ?? []
    let xd = x.map(Double.init)
    func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double {
      let y = ReferenceLayers.forward(
        kind, x, n: n, inShape: inShape, outShape: outShape, w: w, b: b)
      return zip(y, r).reduce(0) { $0 + $1.0 * $1.1 }
    }
    // The forward pass agrees with the reference.
    let yRef = ReferenceLayers.forward(
      kind, xd, n: n, inShape: inShape, outShape: outShape, w: w, b: b)
    #expect(
      ReferenceLayers.relativeError(state.output.array(n * outCount).map(Double.init), yRef) < 1e-5,
      "\(label) forward")

    func numeric(_ v: [Double], _ f: ([Double]) -> Double) -> [Double] {
      let h = 1e-5
      return v.indices.map { i in
        var p = v
        var m = v
        p[i] += h
        m[i] -= h
        return (f(p) - f(m)) / (2 * h)
      }
    }
    let dx = numeric(xd) { loss($0, w, b) }
    let dxEngine = state.gradInput!.array(n * inCount).map(Double.init)
    #expect(ReferenceLayers.relativeError(dx, dxEngine) < Self.tolerance, "\(label) input gradient")
    if !w.isEmpty {
      let dw = numeric(w) { loss(xd, $0, b) }
      let db = numeric(b) { loss(xd, w, $0) }
      #expect(
        ReferenceLayers.relativeError(dw, state.weightGrad!.array().map(Double.init))
          < Self.tolerance, "\(label) weight gradient")
      #expect(
        ReferenceLayers.relativeError(db, state.biasGrad!.array().map(Double.init))
          < Self.tolerance, "\(label) bias gradient")
    }
  }

  @Test func dropoutScalesKeptUnitsAndRoutesGradientThroughTheMask() throws {
    let model = try Sequential(inputShape: [40], layers: [.dropout(rate: 0.25)], seed: 1)
    let net = Network(
      model: model, batchCapacity: 2, threads: 1, training: true, seed: 5, needInputGradient: true)
    net.input.copy(from: [Float](repeating: 2, count: 80))
    net.forward(count: 2, training: true)
    let y = net.states[0].output.array()
    #expect(y.allSatisfy { $0 == 0 || abs($0 - 2 / 0.75) < 1e-6 })
    let dropped = y.filter { $0 == 0 }.count
    #expect(dropped > 5 && dropped < 40)
    net.lossGradient.copy(from: [Float](repeating: 1, count: 80))
    net.backward(count: 2, fusedSoftmax: false)
    let g = net.states[0].gradInput!.array()
    #expect(zip(g, y).allSatisfy { ($0 == 0) == ($1 == 0) })
    net.forward(count: 2, training: false)
    #expect(net.states[0].output.array() == [Float](repeating: 2, count: 80))
  }
}
