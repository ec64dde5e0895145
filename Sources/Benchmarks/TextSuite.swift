import Foundation
import Kernels
import TensorEngine

/// `text`: the word classifier of the Keras peer (`tf_text.py`): Embedding(63, 32) -> rnn, GRU
/// or LSTM (128) -> Dense(10, softmax), Adam 1e-3, batch 64, on the word set built from the
/// word lists in `--data-dir` or `/usr/share/dict`.
///
/// Figures per cell: training words/s (one epoch over the first 9,600 training words, 150
/// batches; median of up to 3 runs), float inference words/s over the 10,000 test words at
/// batch 256 and at batch 1 (the first 2,000 words), and for GRU and LSTM the test accuracy
/// after 5 epochs on all 80,000 training words (the peer: GRU 84.04%, LSTM 84.15%).
/// Then, for those two, the integer engine's rows (`integerTextFigures`): int8 words/s at
/// batch 256 and 1, and the accuracy of the int8, w4-ptq and w4-qat integer models.
let textSuite = BenchSuite(
  name: "text",
  summary: "word-language RNN/GRU/LSTM: training and float inference words/s, accuracy"
) { options in
  let words = try BenchText.wordSet(options)
  let data = words.dataset()
  var figures: [BenchFigure] = []
  for cell in RecurrentCell.allCases {
    let label = cell == .simple ? "rnn" : cell.rawValue
    let model = try BenchText.model(cell)
    let speedSplit = data.train.slice(0..<9600)
    let rates = try BenchData.trainingRates(
      model, on: speedSplit, batchSize: 64, threads: options.threads, options: options,
      label: "text \(label): training speed")
    figures.append(
      BenchFigure(
        suite: "text", name: "\(label) training, batch 64, \(options.threads) thread(s)",
        value: Stopwatch.median(rates), unit: "words/s",
        note: "9,600 words (150 batches), median of \(rates.count)"))
    options.progress("text \(label): inference")
    for (batch, threads, split, words) in [
      (256, options.threads, data.test, "\(data.test.count) test words"),
      (1, 1, data.test.prefix(2000), "2,000 test words one at a time, 1 thread"),
    ] {
      let seconds = try Stopwatch.medianSeconds(repeats: options.repeats) {
        _ = try evaluate(model, on: split, batchSize: batch, threads: threads)
      }
      figures.append(
        BenchFigure(
          suite: "text", name: "\(label) float inference, batch \(batch)",
          value: Double(split.count) / seconds, unit: "words/s",
          note: "\(words), median of \(options.repeats)"))
    }
    guard cell != .simple else { continue }
    options.progress("text \(label): 5 epochs on 80,000 words")
    let trained = try train(
      model, on: data.train, validation: data.test,
      options: TrainingOptions(epochs: 5, batchSize: 64, seed: 1, threads: options.threads),
      clock: BenchData.clock)
    let accuracies = trained.history.epochs.map { ($0.testAccuracy ?? 0) * 100 }
    figures.append(
      BenchFigure(
        suite: "text", name: "\(label) test accuracy after 5 epochs",
        value: accuracies.last ?? 0, unit: "%",
        note: "epochs 1-5: "
          + accuracies.map { String(format: "%.2f", $0) }.joined(separator: " ")
          + "; Keras peer \(cell == .gru ? "84.04" : "84.15")"))
    figures += try integerTextFigures(
      label: label, trained: trained.model, train: data.train, test: data.test, options: options)
  }
  return figures
}

enum BenchText {
  /// The word set, built from the ten lists (a few seconds).
  static func wordSet(_ options: BenchOptions) throws -> WordSet {
    let folder = options.dataDirectory ?? "/usr/share/dict"
    let lists = try WordLanguage.allCases.map { language in
      let bytes = try BenchData.file(
        folder + "/" + language.fileName,
        or: "apt-get install -y \(WordLanguage.packages), or pass --data-dir")
      return (language.name, bytes)
    }
    return try WordSet.build(lists: lists, threads: options.threads)
  }

  /// The peer's model for `cell`, seeded.
  static func model(_ cell: RecurrentCell) throws -> Sequential {
    try Sequential(
      inputShape: [WordRule.maximumLength],
      layers: [
        .embedding(vocabulary: 63, width: 32), .recurrent(cell: cell, units: 128),
        .dense(units: 10, activation: .softmax),
      ], seed: 42)
  }
}
