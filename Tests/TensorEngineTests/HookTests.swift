import Testing

@testable import TensorEngine

/// Rounds weights to multiples of `step`, clipping to `±limit`; mask 0 where clipped.
struct GridQuantizer: WeightFakeQuantizer {
  var step: Float = 0.25
  var limit: Float = 0.5
  func fakeQuantize(_ weights: [Float], shape: [Int]) -> [Float] {
    weights.map { (min(max($0, -limit), limit) / step).rounded() * step }
  }
  func gradientMask(_ weights: [Float], shape: [Int]) -> [Float]? {
    weights.map { abs($0) <= limit ? 1 : 0 }
  }
}

/// Fake-quantizes activations to 4 levels over [0, 1].
struct FourLevels: ActivationFakeQuantizer {
  var clipRange: ClosedRange<Float> { 0...1 }
  func fakeQuantize(_ values: UnsafeMutableBufferPointer<Float>) {
    for i in values.indices { values[i] = (min(max(values[i], 0), 1) * 3).rounded() / 3 }
  }
}

@Suite struct HookTests {
  func denseModel() throws -> Sequential {
    try Sequential(
      inputShape: [4, 4, 1],
      layers: [
        .flatten, .dense(units: 5, activation: .tanh), .dense(units: 3, activation: .softmax),
      ],
      seed: 21)
  }

  func inputs(_ n: Int) -> Tensor {
    var rng = SeededRandom(seed: 8)
    return try! Tensor(shape: [n, 4, 4, 1], data: (0..<(n * 16)).map { _ in rng.normal() })
  }

  @Test func weightTransformActsLikeQuantizedWeightsInForward() throws {
    var hooked = try denseModel()
    try hooked.setTransforms(layer: 1, weights: GridQuantizer(), output: nil)
    var substituted = try denseModel()
    let w = substituted.layers[1].weights!
    let q = GridQuantizer().fakeQuantize(w.data, shape: w.shape)
    try substituted.setParameters(
      layer: 1, weights: Tensor(shape: w.shape, data: q), bias: substituted.layers[1].bias)
    #expect(try hooked.predict(inputs(6)) == substituted.predict(inputs(6)))
    #expect(try hooked.predict(inputs(6)) != denseModel().predict(inputs(6)))
  }

  @Test func weightGradientIsStraightThroughAndMasked() throws {
    var hooked = try denseModel()
    try hooked.setTransforms(layer: 1, weights: GridQuantizer(), output: nil)
    let x = inputs(4)
    let net = Network(model: hooked, batchCapacity: 4, threads: 1, training: true)
    net.input.copy(from: x.data)
    net.forward(count: 4, training: true)
    let upstream = (0..<12).map { Float($0 % 2 == 0 ? 0.3 : -0.3) }
    net.lossGradient.copy(from: upstream)
    net.backward(count: 4, fusedSoftmax: false)
    // STE: the float-weight gradient equals that of a model holding the quantized weights.
    var substituted = try denseModel()
    let w = substituted.layers[1].weights!
    try substituted.setParameters(
      layer: 1,
      weights: Tensor(shape: w.shape, data: GridQuantizer().fakeQuantize(w.data, shape: w.shape)),
      bias: substituted.layers[1].bias)
    let ref = Network(model: substituted, batchCapacity: 4, threads: 1, training: true)
    ref.input.copy(from: x.data)
    ref.forward(count: 4, training: true)
    ref.lossGradient.copy(from: upstream)  // backward overwrites the gradient buffers
    ref.backward(count: 4, fusedSoftmax: false)
    #expect(net.states[1].weightGrad!.array() == ref.states[1].weightGrad!.array())
    // The mask zeroes the step for clipped weights only.
    let mask = try #require(net.states[1].weightMask).array()
    #expect(mask == GridQuantizer().gradientMask(w.data, shape: w.shape))
    #expect(mask.contains(0) && mask.contains(1))
    let before = net.states[1].weight!.array()
    OptimizerState(optimizer: .sgd(learningRate: 0.1), sizes: net.parameters.map(\.value.count))
      .step(net.parameters, learningRate: 0.1)
    let after = net.states[1].weight!.array()
    for i in before.indices where mask[i] == 0 { #expect(after[i] == before[i]) }
    #expect(before != after)
  }

  @Test func outputTransformQuantizesOutputsAndMasksGradients() throws {
    var model = try Sequential(
      inputShape: [6],
      layers: [.dense(units: 8, activation: .linear), .dense(units: 2, activation: .linear)],
      seed: 4)
    try model.setTransforms(layer: 0, weights: nil, output: FourLevels())
    var rng = SeededRandom(seed: 2)
    let x = try Tensor(shape: [3, 6], data: (0..<18).map { _ in 2 * rng.normal() })
    let outs = try model.layerOutputs(x)
    #expect(outs.count == 2 && outs[0].shape == [3, 8] && outs[1].shape == [3, 2])
    #expect(outs[0].data.allSatisfy { [0, 1.0 / 3, 2.0 / 3, 1].contains($0) })
    let net = Network(model: model, batchCapacity: 3, threads: 1, training: true)
    net.input.copy(from: x.data)
    net.forward(count: 3, training: true)
    net.lossGradient.fill(1)
    net.backward(count: 3, fusedSoftmax: false)
    // Layer 0's bias gradient sums the masked output gradient: outputs outside [0, 1] add 0.
    let raw = net.states[0].output.array()
    let w1 = model.layers[1].weights!.data
    for unit in 0..<8 {
      var expected: Float = 0
      for s in 0..<3 where (0...1).contains(raw[s * 8 + unit]) {
        expected += w1[unit * 2] + w1[unit * 2 + 1]
      }
      #expect(abs(net.states[0].biasGrad!.pointer[unit] - expected) < 1e-5)
    }
  }

  @Test func inputEncodingDiscretisesPixels() {
    let two = InputEncoding(bits: 2)
    #expect(
      two.encode([0, 40, 100, 128, 200, 255]).map { ($0 * 3).rounded() } == [0, 0, 1, 2, 2, 3])
    #expect(InputEncoding().encode([0, 255]) == [0, 1])
    #expect(Set(InputEncoding(bits: 1).table).count == 2)
  }

  @Test func summaryAndParameterCountOfTheSeedCNN() throws {
    let m = try Sequential.seedCNN(seed: 1)
    #expect(m.parameterCount == 121_930)
    let s = m.summary()
    #expect(
      s.map(\.outputShape) == [
        [26, 26, 32], [13, 13, 32], [11, 11, 64], [5, 5, 64], [1600], [64], [10],
      ])
    #expect(s.map(\.parameters) == [320, 0, 18_496, 0, 0, 102_464, 650])
    #expect(s[0].bytes == 1280 && s[0].name == "conv2d")
  }

  @Test func badStacksAreShapeErrors() {
    #expect(throws: EngineError.self) {
      _ = try Sequential(
        inputShape: [28, 28, 1], layers: [.dense(units: 3, activation: .relu)], seed: 1)
    }
    #expect(throws: EngineError.self) {
      _ = try Sequential(
        inputShape: [4, 4, 1],
        layers: [.conv2d(filters: 2, kernel: 5, stride: 1, padding: .valid, activation: .relu)],
        seed: 1)
    }
    var m = try! denseModel()
    #expect(throws: EngineError.self) {
      try m.setParameters(layer: 1, weights: Tensor(shape: [3, 3]), bias: nil)
    }
  }

  @Test func syntheticDataIsSeeded() {
    #expect(
      Dataset.synthetic(train: 20, test: 5, seed: 3)
        == Dataset.synthetic(train: 20, test: 5, seed: 3))
    #expect(
      Dataset.synthetic(train: 20, test: 5, seed: 3)
        != Dataset.synthetic(train: 20, test: 5, seed: 4))
    #expect(Set(Dataset.synthetic(train: 100, test: 5).train.labels).count == 10)
  }

  private func denseModelNoThrow() -> Sequential { try! denseModel() }
}
