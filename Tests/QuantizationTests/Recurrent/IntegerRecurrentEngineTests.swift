import Kernels
import Testing

@testable import Quantization

/// The integer word classifier: its fast path against its reference twin, against the
/// fake-quant simulation, and against the float model.
@Suite struct IntegerRecurrentEngineTests {
  @Test(arguments: RecurrentCell.allCases)
  func fastMatchesReferenceWholeModel(cell: RecurrentCell) throws {
    let float = try SyntheticRecurrent.classifier(cell, hidden: 19, classes: 3, seed: 70)
    let words = SyntheticRecurrent.words(count: 45, seed: 71)
    for bits in [8, 4] {
      let q = try QuantizedRecurrentClassifier(
        float, bits: bits, calibration: words.tokens, lengths: words.lengths, steps: 16)
      let engine = try IntegerRecurrentClassifier(converting: q)
      let expected = try engine.logits(
        tokens: words.tokens, lengths: words.lengths, steps: 16, threads: 1,
        useReferenceKernels: true)
      for (batch, threads) in [(7, 1), (256, 2), (16, 2)] {
        let logits = try engine.logits(
          tokens: words.tokens, lengths: words.lengths, steps: 16, batchSize: batch,
          threads: threads)
        #expect(logits == expected, "\(cell) bits \(bits) batch \(batch) threads \(threads)")
      }
    }
  }

  @Test(arguments: RecurrentCell.allCases)
  func engineFollowsItsSimulation(cell: RecurrentCell) throws {
    let float = try SyntheticRecurrent.classifier(cell, hidden: 32, seed: 80)
    let calibration = SyntheticRecurrent.words(count: 100, seed: 81)
    let test = SyntheticRecurrent.words(count: 400, seed: 82)
    for bits in [8, 4] {
      let q = try QuantizedRecurrentClassifier(
        float, bits: bits, calibration: calibration.tokens, lengths: calibration.lengths,
        steps: 16)
      let engine = try IntegerRecurrentClassifier(converting: q)
      let agreement = try RecurrentEngineAgreement(
        q, engine, tokens: test.tokens, lengths: test.lengths, steps: 16)
      // The gated cells contract (σ gates mix the old state in), so a one-code difference
      // stays one code; the simple cell here has recurrent gain 1.2 and tanh's slope 1 at 0,
      // so a difference at one step can grow by a few codes over 16 steps.
      let gated = cell != .simple
      #expect(agreement.identicalArgmax >= 0.97, "\(cell) w\(bits): \(agreement)")
      #expect(agreement.identicalStates >= (gated ? 0.93 : 0.8), "\(cell) w\(bits): \(agreement)")
      #expect(agreement.maxStateDifference <= (gated ? 1 : 8), "\(cell) w\(bits): \(agreement)")
      #expect(agreement.maxStateDifferenceByStep[0] <= 1, "\(cell) w\(bits): \(agreement)")
    }
  }

  @Test(arguments: RecurrentCell.allCases)
  func int8EngineKeepsTheFloatPredictions(cell: RecurrentCell) throws {
    let float = try SyntheticRecurrent.classifier(cell, hidden: 32, seed: 90)
    let words = SyntheticRecurrent.words(count: 300, seed: 91)
    let q = try QuantizedRecurrentClassifier(
      float, bits: 8, calibration: words.tokens, lengths: words.lengths, steps: 16)
    let engine = try IntegerRecurrentClassifier(converting: q)
    let exact = try float.logits(tokens: words.tokens, lengths: words.lengths, steps: 16)
    let integer = try engine.logits(
      tokens: words.tokens, lengths: words.lengths, steps: 16, threads: 1)
    let same = zip(rowArgmax(exact, classes: 5), rowArgmax(integer, classes: 5))
      .filter { $0 == $1 }.count
    #expect(same >= 285, "\(cell): only \(same) of 300 predictions kept")
  }

  @Test func badTokensAndShapesThrow() throws {
    let float = try SyntheticRecurrent.classifier(.lstm, seed: 95)
    let words = SyntheticRecurrent.words(count: 10, seed: 96)
    let q = try QuantizedRecurrentClassifier(
      float, bits: 8, calibration: words.tokens, lengths: words.lengths, steps: 16)
    let engine = try IntegerRecurrentClassifier(converting: q)
    var tokens = words.tokens
    tokens[0] = 20
    #expect(throws: QuantizationError.self) {
      try engine.logits(tokens: tokens, lengths: words.lengths, steps: 16, threads: 1)
    }
    #expect(throws: QuantizationError.self) {
      try engine.logits(tokens: words.tokens, lengths: [1], steps: 16, threads: 1)
    }
    #expect(throws: QuantizationError.self) {
      try QuantizedRecurrentClassifier(
        float, bits: 8, calibration: tokens, lengths: words.lengths, steps: 16)
    }
  }
}
