import Foundation
import Kernels
import TensorEngine
import Testing

@testable import Quantization

/// A float word model (`Sequential`: embedding → rnn / gru / lstm → dense) read as the
/// recurrent classifier the integer engine quantizes: same probabilities.
@Suite struct RecurrentClassifierConversionTests {
  @Test(arguments: RecurrentCell.allCases)
  func classifierComputesTheModel(cell: RecurrentCell) throws {
    let model = try Sequential(
      inputShape: [16],
      layers: [
        .embedding(vocabulary: 20, width: 8), .recurrent(cell: cell, units: 12),
        .dense(units: 5, activation: .softmax),
      ], seed: 3)
    let words = SyntheticRecurrent.words(count: 30, seed: 4)
    let inputs = words.tokens.map(Float.init)
    let read = recurrentBatch(
      try Split(
        images: words.tokens.map { UInt8($0) }, labels: [UInt8](repeating: 0, count: 30),
        imageShape: [16]))
    #expect(read.tokens == words.tokens && read.lengths == words.lengths)
    let classifier = try RecurrentClassifierWeights(model)
    let logits = try classifier.logits(tokens: words.tokens, lengths: words.lengths, steps: 16)
    let probabilities = try model.predict(Tensor(shape: [30, 16], data: inputs)).data
    for b in 0..<30 {
      let row = logits[(b * 5)..<((b + 1) * 5)]
      let top = row.max()!
      let total = row.reduce(0) { $0 + exp($1 - top) }
      for c in 0..<5 {
        let p = exp(row[b * 5 + c] - top) / total
        #expect(abs(p - Double(probabilities[b * 5 + c])) < 1e-5, "\(cell) word \(b) class \(c)")
      }
    }
  }

  @Test func otherModelsAreRefused() throws {
    let model = try Sequential(
      inputShape: [4], layers: [.dense(units: 3, activation: .relu)], seed: 1)
    #expect(throws: QuantizationError.self) { try RecurrentClassifierWeights(model) }
  }
}
