import Kernels
import Testing

@testable import Quantization

/// Weight quantization, calibration and the fake-quant simulation of recurrent layers.
@Suite struct RecurrentQuantizationTests {
  @Test(arguments: RecurrentCell.allCases)
  func floatSimulationIsTheReference(cell: RecurrentCell) {
    let w = SyntheticRecurrent.cell(cell, inputWidth: 5, hidden: 7, seed: 40)
    let x = Synthetic.uniform(count: 16 * 5, seed: 41)
    let expected = RecurrentReference.states(w, inputs: x, length: 13)
    let trace = RecurrentSimulation.run(w, inputs: x, length: 13)
    #expect(trace.states.map { $0.map(Float.init) } == expected)
    #expect(trace.preActivations.count == 13)
    #expect(trace.cellStates.count == (cell == .lstm ? 13 : 0))
  }

  @Test(arguments: [8, 4])
  func weightsPerColumn(bits: Int) throws {
    let w = SyntheticRecurrent.cell(.gru, inputWidth: 6, hidden: 5, seed: 42)
    let q = try QuantizedRecurrentWeights(w, bits: bits)
    let top = Int32((1 << (bits - 1)) - 1)
    for (matrix, original, rows) in [
      (q.kernel, w.kernel, 6), (q.recurrent, w.recurrentKernel, 5),
    ] {
      #expect(matrix.scales.count == 15)
      #expect(matrix.codes.allSatisfy { abs($0) <= top })
      for column in 0..<15 {
        let values = (0..<rows).map { original[$0 * 15 + column] }
        let peak = values.map(abs).max()!
        #expect(abs(matrix.scales[column] - peak / Float(top)) <= 1e-6 * peak)
        for r in 0..<rows {
          let error = abs(matrix.values[r * 15 + column] - values[r])
          #expect(error <= matrix.scales[column] / 2 * 1.0001)
        }
      }
    }
    let codes = QuantizedRecurrentWeights.transposedCodes(q.kernel)
    #expect(codes[3 * 6 + 2] == Int8(q.kernel.codes[2 * 15 + 3]))
    #expect(throws: QuantizationError.self) { try QuantizedRecurrentWeights(w, bits: 3) }
  }

  @Test(arguments: RecurrentCell.allCases)
  func calibrationCoversTheObservedStates(cell: RecurrentCell) throws {
    let float = try SyntheticRecurrent.classifier(cell, seed: 50)
    let words = SyntheticRecurrent.words(count: 60, seed: 51)
    let q = try QuantizedRecurrentClassifier(
      float, bits: 8, calibration: words.tokens, lengths: words.lengths, steps: 16)
    let ranges = q.ranges
    #expect(ranges.gates.count == cell.gateCount)
    let peak = max(-ranges.state.minimum, ranges.state.maximum)
    #expect(peak > 0.1 && peak < 1)
    #expect(abs(q.layer.stateScale * 127 - peak) <= 1e-6)
    if let c = ranges.cellState {
      let magnitude = max(-c.minimum, c.maximum)
      let top = Float(1 << (15 - q.layer.cellFractionBits))
      #expect(top > magnitude && top / 2 <= magnitude)
    } else {
      #expect(q.layer.cellFractionBits == 15)
    }
    #expect(q.layer.inputGrid == q.embeddingGrid)
  }

  @Test(arguments: RecurrentCell.allCases)
  func eightBitsBeatFourAndRecurrenceCarriesError(cell: RecurrentCell) throws {
    let float = try SyntheticRecurrent.classifier(cell, seed: 60)
    let words = SyntheticRecurrent.words(count: 80, seed: 61)
    var reports: [Int: RecurrentErrorReport] = [:]
    for bits in [8, 4] {
      let q = try QuantizedRecurrentClassifier(
        float, bits: bits, calibration: words.tokens, lengths: words.lengths, steps: 16)
      reports[bits] = try q.errorReport(tokens: words.tokens, lengths: words.lengths, steps: 16)
    }
    let r8 = reports[8]!
    let r4 = reports[4]!
    #expect(r8.gates.map(\.gate) == cell.gates)
    #expect(r8.steps.count == 16 && r8.steps.first?.step == 1)
    #expect(r8.steps[0].sequences > r8.steps[15].sequences)
    for (g8, g4) in zip(r8.gates, r4.gates) {
      #expect(g8.sqnrDecibels > 25, "\(cell) \(g8.gate): \(g8.sqnrDecibels) dB at 8 bits")
      #expect(g8.sqnrDecibels > g4.sqnrDecibels + 12, "\(g8.gate): 4 bits lose ~6 dB a bit")
    }
    #expect(r8.outputSQNR > r4.outputSQNR + 12)
    // Recurrence carries the error: h at the last steps is further off than after step 1.
    #expect(r8.steps[11...].map(\.rms).max()! > r8.steps[0].rms)
  }
}

@Suite struct RecurrentWeightHookTests {
  @Test(arguments: [8, 4])
  func hookQuantizesLikeThePostTrainingWeights(bits: Int) throws {
    let w = SyntheticRecurrent.cell(.lstm, inputWidth: 6, hidden: 5, seed: 43)
    let hook = try RecurrentWeightQuantizationHook(hidden: 5, bits: bits)
    let packed = w.kernel + w.recurrentKernel
    let q = try QuantizedRecurrentWeights(w, bits: bits).dequantized
    let faked = hook.fakeQuantize(packed, shape: [11, 20])
    #expect(faked == q.kernel + q.recurrentKernel)
    #expect(faked != packed)
    #expect(hook.gradientMask(packed, shape: [11, 20]) == nil)
    #expect(throws: QuantizationError.self) {
      try RecurrentWeightQuantizationHook(hidden: 5, bits: 2)
    }
  }
}
