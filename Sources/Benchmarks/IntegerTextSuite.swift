import Foundation
import Kernels
import Quantization
import TensorEngine

/// `text-int`: the integer recurrent engine's speed on words, with random weights of the word
/// model's size (Embedding(63, 32) → GRU / LSTM(128) → Dense(10)) and 10,000 random words of
/// 3–16 letters: words/s and CPU time per word at batch 256 (int8, int4) and batch 1 (int8; CPU
/// time is the figure to compare on a loaded machine), fast == reference, and
/// agreement with the fake-quant simulation. Accuracy needs the trained model: `bench text`.
let integerTextSuite = BenchSuite(
  name: "text-int",
  summary: "integer GRU/LSTM word classifier words/s (random weights of the lesson's size)"
) { options in
  var figures: [BenchFigure] = []
  let words = randomWords(count: 10_000, vocabulary: 63, seed: 7)
  for cell in [RecurrentCell.gru, .lstm] {
    let float = try randomWordClassifier(cell, seed: 11)
    let calibration = randomWords(count: 512, vocabulary: 63, seed: 8)
    for bits in [8, 4] {
      options.progress("text-int: \(cell) int\(bits)")
      let q = try QuantizedRecurrentClassifier(
        float, bits: bits, calibration: calibration.tokens, lengths: calibration.lengths,
        steps: 16)
      let engine = try IntegerRecurrentClassifier(converting: q)
      figures += try integerTextSpeedFigures(
        suite: "text-int", name: "\(cell.rawValue) int\(bits)", engine, quantized: q,
        tokens: words.tokens, lengths: words.lengths, batchOne: bits == 8, options: options)
    }
  }
  return figures
}

/// Speed and agreement figures of one integer word classifier on `tokens` (`[count, 16]`).
func integerTextSpeedFigures(
  suite: String, name: String, _ engine: IntegerRecurrentClassifier,
  quantized: QuantizedRecurrentClassifier, tokens: [Int32], lengths: [Int], batchOne: Bool,
  options: BenchOptions
) throws -> [BenchFigure] {
  let threads = options.threads
  let count = lengths.count
  var figures: [BenchFigure] = []
  func figure(_ label: String, _ value: Double, _ unit: String, _ note: String = "") {
    figures.append(BenchFigure(suite: suite, name: label, value: value, unit: unit, note: note))
  }
  func run(batch: Int, _ n: Int) throws {
    _ = try engine.logits(
      tokens: Array(tokens[0..<(n * 16)]), lengths: Array(lengths[0..<n]), steps: 16,
      batchSize: batch, threads: threads)
  }
  var cpu: [Double] = []
  var wall: [Double] = []
  try run(batch: 256, count)
  for _ in 0..<max(1, options.repeats) {
    let start = processCPUSeconds()
    wall.append(try Stopwatch.seconds { try run(batch: 256, count) })
    cpu.append(processCPUSeconds() - start)
  }
  figure(
    "\(name) words/s, batch 256", Double(count) / Stopwatch.median(wall), "words/s",
    "\(count) words, \(threads) thread(s), median of \(options.repeats)")
  figure(
    "\(name) CPU time", 1e6 * Stopwatch.median(cpu) / Double(count), "us/word",
    "process CPU time, all threads")
  if batchOne {
    let n = min(count, 2000)
    var cpuOne: [Double] = []
    let seconds = try Stopwatch.medianSeconds(repeats: options.repeats) {
      let start = processCPUSeconds()
      try run(batch: 1, n)
      cpuOne.append(processCPUSeconds() - start)
    }
    figure(
      "\(name) words/s, batch 1", Double(n) / seconds, "words/s",
      "\(n) words one at a time, \(threads) thread(s)")
    figure(
      "\(name) CPU time, batch 1", 1e6 * Stopwatch.median(Array(cpuOne.dropFirst())) / Double(n),
      "us/word", "process CPU time, all threads, after one warm-up run")
  }
  let n = min(count, 1000)
  let sample = (Array(tokens[0..<(n * 16)]), Array(lengths[0..<n]))
  let fast = try engine.logits(tokens: sample.0, lengths: sample.1, steps: 16, threads: threads)
  let reference = try engine.logits(
    tokens: sample.0, lengths: sample.1, steps: 16, threads: 1, useReferenceKernels: true)
  let same = identicalRows(fast, reference, classes: engine.classes)
  figure("\(name) fast == reference", Double(same), "words", "of \(n)")
  let agreement = try RecurrentEngineAgreement(
    quantized, engine, tokens: sample.0, lengths: sample.1, steps: 16, threads: threads)
  figure(
    "\(name) argmax = simulation", 100 * agreement.identicalArgmax, "%",
    "h codes equal \(String(format: "%.2f", 100 * agreement.identicalStates))%, "
      + "max |Δh| \(agreement.maxStateDifference) LSB")
  return figures
}

/// `count` random words: letters 2..<vocabulary, lengths uniform in 3...16, padded with 0.
func randomWords(count: Int, vocabulary: Int, seed: UInt64) -> (tokens: [Int32], lengths: [Int]) {
  var random = SeededRandom(seed: seed)
  var tokens = [Int32](repeating: 0, count: count * 16)
  var lengths: [Int] = []
  for b in 0..<count {
    let length = 3 + Int(random.nextUnit() * 14)
    for t in 0..<length {
      tokens[b * 16 + t] = Int32(2 + Int(random.nextUnit() * Double(vocabulary - 2)))
    }
    lengths.append(length)
  }
  return (tokens, lengths)
}

/// Random weights of the word model's size, scaled as Keras initialises them.
func randomWordClassifier(_ cell: RecurrentCell, seed: UInt64) throws
  -> RecurrentClassifierWeights
{
  var random = SeededRandom(seed: seed)
  func gaussian(_ count: Int, _ sigma: Double) -> [Float] {
    (0..<count).map { _ in Float(random.nextGaussian() * sigma) }
  }
  let (vocabulary, width, hidden, classes) = (63, 32, 128, 10)
  let columns = cell.gateCount * hidden
  let recurrent = RecurrentCellWeights(
    cell: cell, inputWidth: width, hidden: hidden,
    kernel: gaussian(width * columns, (2.0 / Double(width + columns)).squareRoot()),
    recurrentKernel: gaussian(hidden * columns, 1.0 / Double(hidden).squareRoot()),
    bias: gaussian(columns, 0.1), recurrentBias: cell == .gru ? gaussian(columns, 0.1) : [])
  return try RecurrentClassifierWeights(
    vocabulary: vocabulary, embeddingWidth: width, embedding: gaussian(vocabulary * width, 0.05),
    recurrent: recurrent, classes: classes, dense: gaussian(hidden * classes, 0.1),
    denseBias: gaussian(classes, 0.01))
}
