import Kernels
import Testing

@testable import TensorEngine

/// Embedding + recurrent + dense networks: every parameter's gradient against central finite
/// differences of a Double forward pass (sequences of different lengths, padding at the end),
/// and masking: what follows a sequence's first padding token never changes a result.
@Suite struct SequenceGradientTests {
  static let tokens: [[Float]] = [
    [3, 1, 6, 2, 5], [4, 0, 0, 0, 0], [2, 5, 6, 0, 0], [0, 0, 0, 0, 0], [6, 6, 1, 2, 0],
  ]

  static func model(_ cell: RecurrentCell, steps: Int = 5, seed: UInt64 = 3) throws -> Sequential {
    var model = try Sequential(
      inputShape: [steps],
      layers: [
        .embedding(vocabulary: 7, width: 3), .recurrent(cell: cell, units: 4),
        .dense(units: 3, activation: .linear),
      ], seed: seed)
    // Non-zero biases, so that their gradients matter.
    var rng = SeededRandom(seed: seed + 1)
    var bias = model.layers[1].bias!
    for i in 0..<bias.count { bias.data[i] += 0.3 * rng.normal() }
    try model.setParameters(layer: 1, weights: model.layers[1].weights, bias: bias)
    return model
  }

  /// `Σ y·r` through the model in Double, from flat parameter lists.
  static func loss(
    _ cell: RecurrentCell, embedding: [Double], recurrent: [Double], bias: [Double],
    dense: [Double], denseBias: [Double], r: [Double]
  ) -> Double {
    let w = RecurrentBackwardReference.Weights(
      cell: cell, inputWidth: 3, hidden: 4, packed: recurrent, bias: bias)
    var total = 0.0
    for (s, sequence) in tokens.enumerated() {
      let length = sequence.firstIndex(of: 0) ?? sequence.count
      let x = sequence.prefix(length).flatMap { t in embedding[(Int(t) * 3)..<(Int(t) * 3 + 3)] }
      let h = RecurrentBackwardReference.lastState(w, inputs: x, length: length)
      for o in 0..<3 {
        var y = denseBias[o]
        for j in 0..<4 { y += h[j] * dense[j * 3 + o] }
        total += y * r[s * 3 + o]
      }
    }
    return total
  }

  @Test(arguments: RecurrentCell.allCases)
  func gradientsMatchFiniteDifferences(_ cell: RecurrentCell) throws {
    let model = try Self.model(cell)
    let n = Self.tokens.count
    var rng = SeededRandom(seed: 9)
    let r = (0..<(n * 3)).map { _ in Double(rng.normal()) }
    let net = Network(model: model, batchCapacity: n, threads: 2, training: true)
    net.input.copy(from: Self.tokens.flatMap { $0 })
    net.forward(count: n, training: true)
    net.lossGradient.copy(from: r.map(Float.init))
    net.backward(count: n, fusedSoftmax: false)

    var p = [
      model.layers[0].weights!.data, model.layers[1].weights!.data, model.layers[1].bias!.data,
      model.layers[2].weights!.data, model.layers[2].bias!.data,
    ].map { $0.map(Double.init) }
    func loss() -> Double {
      Self.loss(
        cell, embedding: p[0], recurrent: p[1], bias: p[2], dense: p[3], denseBias: p[4], r: r)
    }
    let engine = [
      net.states[0].weightGrad!, net.states[1].weightGrad!, net.states[1].biasGrad!,
      net.states[2].weightGrad!, net.states[2].biasGrad!,
    ].map { $0.array().map(Double.init) }
    let step = 1e-6
    for (k, name) in ["embedding", "recurrent weights", "recurrent bias", "dense", "dense bias"]
      .enumerated()
    {
      var worst = 0.0
      for i in p[k].indices {
        let base = p[k][i]
        p[k][i] = base + step
        let plus = loss()
        p[k][i] = base - step
        let minus = loss()
        p[k][i] = base
        worst = max(worst, abs((plus - minus) / (2 * step) - engine[k][i]))
      }
      // Float forward and backward against a Double reference.
      #expect(worst < 2e-4, "\(cell) \(name): worst difference \(worst)")
    }
    // The padding row of the embedding gets no gradient: padding is never read.
    #expect(engine[0][0..<3].allSatisfy { $0 == 0 })
  }

  @Test(arguments: RecurrentCell.allCases)
  func paddingNeverChangesAResult(_ cell: RecurrentCell) throws {
    let short = try Self.model(cell)
    // The same parameters on longer sequences: 3 more padding steps.
    let long = try Sequential(inputShape: [8], layers: short.layers)
    func outputs(_ model: Sequential, _ rows: [[Float]]) -> [Float] {
      let net = Network(model: model, batchCapacity: rows.count, threads: 1, training: false)
      net.input.copy(from: rows.flatMap { $0 })
      net.forward(count: rows.count, training: false)
      return Array(UnsafeBufferPointer(start: net.output, count: rows.count * 3))
    }
    let base = outputs(short, Self.tokens)
    // Tokens after the first padding changed: nothing moves.
    let scribbled = Self.tokens.map { row -> [Float] in
      guard let end = row.firstIndex(of: 0) else { return row }
      return row.enumerated().map { $0.offset > end ? Float(1 + $0.offset % 6) : $0.element }
    }
    #expect(outputs(short, scribbled) == base)
    #expect(outputs(long, Self.tokens.map { $0 + [0, 0, 0] }) == base)
    // And the engine matches the plain reference state by state.
    let w = RecurrentCellWeights(
      cell: cell, inputWidth: 3, hidden: 4, packed: short.layers[1].weights!.data,
      bias: short.layers[1].bias!.data)
    let table = short.layers[0].weights!.data
    let sequence = Self.tokens[2]
    let x = sequence.prefix(3).flatMap { t in table[(Int(t) * 3)..<(Int(t) * 3 + 3)] }
    let h = RecurrentReference.states(w, inputs: x, length: 3).last!
    let dense = short.layers[2]
    for o in 0..<3 {
      var y = Double(dense.bias!.data[o])
      for j in 0..<4 { y += Double(h[j]) * Double(dense.weights!.data[j * 3 + o]) }
      #expect(abs(y - Double(base[2 * 3 + o])) < 1e-5)
    }
  }

  @Test func kerasInitializers() throws {
    let model = try Sequential(
      inputShape: [16],
      layers: [
        .embedding(vocabulary: 63, width: 32), .recurrent(cell: .lstm, units: 16),
        .dense(units: 10, activation: .softmax),
      ], seed: 1)
    #expect(model.layers[0].weights!.data.allSatisfy { abs($0) <= 0.05 })
    #expect(model.layers[0].bias == nil && model.inputEncoding == InputEncoding(scale: 1))
    let w = model.layers[1].weights!.data
    let width = 64
    // The recurrent matrix (rows 32..<48) has orthonormal rows.
    for a in 0..<16 {
      for b in 0..<16 {
        var dot: Float = 0
        for j in 0..<width { dot += w[(32 + a) * width + j] * w[(32 + b) * width + j] }
        #expect(abs(dot - (a == b ? 1 : 0)) < 1e-4)
      }
    }
    let limit = (6 / Float(32 + width)).squareRoot()
    #expect(w[0..<(32 * width)].allSatisfy { abs($0) <= limit })
    let bias = model.layers[1].bias!.data
    #expect(bias[16..<32].allSatisfy { $0 == 1 } && bias[0..<16].allSatisfy { $0 == 0 })
    // GRU parameters: Keras's count for Embedding(63, 32) -> GRU(128) -> Dense(10).
    let gru = try Sequential(
      inputShape: [16],
      layers: [
        .embedding(vocabulary: 63, width: 32), .recurrent(cell: .gru, units: 128),
        .dense(units: 10, activation: .softmax),
      ], seed: 1)
    #expect(gru.parameterCount == 65_514)
    let restored = try Sequential(serialized: gru.serialized())
    #expect(restored.layers.map(\.kind) == gru.layers.map(\.kind))
    #expect(restored.layers[1].bias == gru.layers[1].bias)
  }
}
