import Kernels
import TensorEngine

@testable import Quantization

/// Seeded synthetic recurrent layers, classifiers and word batches for the recurrent tests.
enum SyntheticRecurrent {
  /// A layer with Glorot-like kernel values, a recurrent matrix of spectral size about
  /// `recurrentGain`, and small biases (the LSTM's forget bias at 1, as Keras sets it).
  static func cell(
    _ cell: RecurrentCell, inputWidth: Int, hidden: Int, seed: UInt64,
    recurrentGain: Float = 1.2
  ) -> RecurrentCellWeights {
    let width = cell.gateCount * hidden
    let kernel = Synthetic.gaussian(
      count: inputWidth * width, seed: seed, sigma: (2 / Float(inputWidth + hidden)).squareRoot())
    let recurrent = Synthetic.gaussian(
      count: hidden * width, seed: seed + 1, sigma: recurrentGain / Float(hidden).squareRoot())
    var bias = Synthetic.uniform(count: width, seed: seed + 2, low: -0.2, high: 0.2)
    if cell == .lstm { for j in hidden..<(2 * hidden) { bias[j] += 1 } }
    let recurrentBias =
      cell == .gru ? Synthetic.uniform(count: width, seed: seed + 3, low: -0.2, high: 0.2) : []
    return RecurrentCellWeights(
      cell: cell, inputWidth: inputWidth, hidden: hidden, kernel: kernel,
      recurrentKernel: recurrent, bias: bias, recurrentBias: recurrentBias)
  }

  static func classifier(
    _ kind: RecurrentCell, vocabulary: Int = 20, embeddingWidth: Int = 8, hidden: Int = 24,
    classes: Int = 5, seed: UInt64
  ) throws -> RecurrentClassifierWeights {
    try RecurrentClassifierWeights(
      vocabulary: vocabulary, embeddingWidth: embeddingWidth,
      embedding: Synthetic.uniform(count: vocabulary * embeddingWidth, seed: seed + 10),
      recurrent: cell(kind, inputWidth: embeddingWidth, hidden: hidden, seed: seed),
      classes: classes,
      dense: Synthetic.gaussian(count: hidden * classes, seed: seed + 11, sigma: 0.5),
      denseBias: Synthetic.uniform(count: classes, seed: seed + 12, low: -0.1, high: 0.1))
  }

  /// `count` random words of 16 steps: tokens in 2..<vocabulary, lengths 1...16 (every 9th 0),
  /// padded with 0.
  static func words(count: Int, vocabulary: Int = 20, steps: Int = 16, seed: UInt64)
    -> (tokens: [Int32], lengths: [Int])
  {
    var random = SeededRandom(seed: seed)
    var tokens = [Int32](repeating: 0, count: count * steps)
    var lengths: [Int] = []
    for b in 0..<count {
      let length = b % 9 == 4 ? 0 : 1 + Int(random.nextUnit() * Double(steps))
      for t in 0..<length {
        tokens[b * steps + t] = Int32(2 + Int(random.nextUnit() * Double(vocabulary - 2)))
      }
      lengths.append(length)
    }
    return (tokens, lengths)
  }
}
