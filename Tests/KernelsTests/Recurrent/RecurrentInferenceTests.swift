import Foundation
import Testing

@testable import Kernels

/// The inference kernel of an embedding + recurrent layer (`recurrentInferenceForward`):
/// bit-identical to the training forward pass (`embeddingForward` + `recurrentForward`, 1 and
/// 2 threads) and within rounding of the Double reference, on ragged sizes (hidden not a
/// multiple of 8, batches of 1, 7 and 63, every length 0...steps, out-of-vocabulary tokens).
@Suite struct RecurrentInferenceTests {
  struct Case: Sendable, CustomStringConvertible {
    var cell: RecurrentCell
    var batch: Int
    var steps: Int
    var inputWidth: Int
    var hidden: Int
    var description: String { "\(cell) n\(batch) T\(steps) D\(inputWidth) H\(hidden)" }
  }

  static let cases: [Case] = RecurrentCell.allCases.flatMap { cell in
    [
      Case(cell: cell, batch: 1, steps: 1, inputWidth: 1, hidden: 1),
      Case(cell: cell, batch: 7, steps: 5, inputWidth: 3, hidden: 9),
      Case(cell: cell, batch: 63, steps: 16, inputWidth: 7, hidden: 17),
      Case(cell: cell, batch: 13, steps: 16, inputWidth: 32, hidden: 40),
    ]
  }

  static let vocabulary = 11

  /// Token sequences: lengths cycle through 0...steps (then padding zeros); tokens in
  /// 1...vocabulary + 1, so some are out of the vocabulary.
  static func tokens(_ c: Case, rng: inout TestRandom) -> [Float] {
    var tokens = [Float](repeating: 0, count: c.batch * c.steps)
    for s in 0..<c.batch {
      let length = s == 0 ? c.steps : s % (c.steps + 1)
      for t in 0..<length { tokens[s * c.steps + t] = Float(rng.int(in: 1...(vocabulary + 1))) }
    }
    return tokens
  }

  @Test(arguments: cases)
  func matchesTrainingForwardAndReference(_ c: Case) {
    var rng = TestRandom(seed: 41)
    let g = RecurrentGeometry(
      cell: c.cell, batch: c.batch, steps: c.steps, inputWidth: c.inputWidth, hidden: c.hidden)
    let table = rng.floats(Self.vocabulary * c.inputWidth)
    let scale = 3 / Float(c.inputWidth + c.hidden).squareRoot()
    let weights = rng.floats(g.weightCount).map { $0 * scale }
    let bias = rng.floats(g.biasCount).map { $0 * 0.5 }
    let tokens = Self.tokens(c, rng: &rng)
    let packed = RecurrentInferenceWeights(
      cell: c.cell, steps: c.steps, embedding: table, vocabulary: Self.vocabulary,
      inputWidth: c.inputWidth, hidden: c.hidden, weights: weights, bias: bias)
    var scratch = [Float](repeating: .nan, count: packed.scratchCount(count: c.batch))
    var fast = [Float](repeating: .nan, count: c.batch * c.hidden)
    recurrentInferenceForward(
      packed, tokens: tokens, count: c.batch, output: &fast, scratch: &scratch)

    var x = [Float](repeating: .nan, count: c.batch * c.steps * c.inputWidth)
    embeddingForward(
      tokens: tokens, count: tokens.count, table: table, vocabulary: Self.vocabulary,
      width: c.inputWidth, output: &x)
    var lengths = [Int32](repeating: 0, count: c.batch)
    sequenceLengths(tokens: tokens, batch: c.batch, steps: c.steps, into: &lengths)
    for threads in [1, 2] {
      let tape = RecurrentLayerTests.Tape(g)
      var training = [Float](repeating: .nan, count: fast.count)
      recurrentForward(
        g, input: x, lengths: lengths, weights: weights, bias: bias, tape: tape.tape(g),
        output: &training, threads: threads)
      #expect(fast == training, "\(c), \(threads) thread(s): differs from the training pass")
    }
    var reference = [Float](repeating: .nan, count: fast.count)
    recurrentForwardReference(
      g, input: x, lengths: lengths, weights: weights, bias: bias, output: &reference)
    let error = zip(fast, reference).map { abs($0 - $1) }.max() ?? 0
    // GateMath's sigmoid / tanh are within 3e-7 of exact; Float sums add a few ulps a step.
    #expect(error < 2e-5, "\(c): max difference \(error) from the reference")
    for s in 0..<c.batch where lengths[s] == 0 {
      #expect(fast[(s * c.hidden)..<((s + 1) * c.hidden)].allSatisfy { $0 == 0 })
    }
  }

  /// `GateMath.exp`'s vector form (compare-and-select clamp, rounding by the 1.5 · 2^23
  /// shifter, `2^n` from its bits) gives the scalar form's values bit for bit, also beyond
  /// the clamp at -87.3 / 88.3 and at the extremes.
  @Test func gateMathVectorMatchesScalarEverywhere() {
    var values: [Float] = stride(from: Float(-300), through: 300, by: 0.37).map { $0 }
    values += [-87.3, 88.3, -87.29, 88.29, 0, -0, 1e-8, -1e-8, .greatestFiniteMagnitude]
    values += [-.greatestFiniteMagnitude, .infinity, -.infinity]
    for x in values {
      let lanes = SIMD8<Float>(repeating: x)
      #expect(GateMath.exp(lanes)[2].bitPattern == GateMath.exp(x).bitPattern, "exp \(x)")
      #expect(GateMath.sigmoid(lanes)[7].bitPattern == GateMath.sigmoid(x).bitPattern)
      #expect(GateMath.tanh(lanes)[0].bitPattern == GateMath.tanh(x).bitPattern)
    }
  }
}
