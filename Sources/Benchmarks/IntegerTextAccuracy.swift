import Foundation
import Kernels
import Quantization
import TensorEngine

/// Accuracy rows of `bench text` for the integer engine: the float classifier, its int8
/// integer model (8-bit weights and activations, post-training), its 4-bit-weight integer
/// model post-training (`w4-ptq`) and, when given, the integer model of a 4-bit
/// quantization-aware fine-tuned classifier (`w4-qat`), each on `test` (`[count, 16]` tokens,
/// `lengths`, `labels`), calibrated on `calibration`.
func integerTextAccuracyFigures(
  suite: String, cell: String, float: RecurrentClassifierWeights,
  qat: RecurrentClassifierWeights?, calibration: (tokens: [Int32], lengths: [Int]),
  test: (tokens: [Int32], lengths: [Int], labels: [Int]), threads: Int
) throws -> [BenchFigure] {
  var figures: [BenchFigure] = []
  func accuracy(_ logits: [Float], classes: Int) -> Double {
    let predicted = rowArgmax(logits, classes: classes)
    let right = zip(predicted, test.labels).filter { $0 == $1 }.count
    return Double(right) / Double(max(1, test.labels.count))
  }
  let exact = try float.logits(tokens: test.tokens, lengths: test.lengths, steps: 16)
  let floatAccuracy = accuracy(exact.map(Float.init), classes: float.classes)
  figures.append(
    BenchFigure(
      suite: suite, name: "\(cell) float32 accuracy", value: 100 * floatAccuracy, unit: "%"))
  var rows: [(String, RecurrentClassifierWeights, Int)] = [
    ("int8", float, 8), ("w4-ptq", float, 4),
  ]
  if let qat { rows.append(("w4-qat", qat, 4)) }
  for (name, weights, bits) in rows {
    let q = try QuantizedRecurrentClassifier(
      weights, bits: bits, calibration: calibration.tokens, lengths: calibration.lengths,
      steps: 16)
    let engine = try IntegerRecurrentClassifier(converting: q)
    let logits = try engine.logits(
      tokens: test.tokens, lengths: test.lengths, steps: 16, threads: threads)
    let value = accuracy(logits, classes: engine.classes)
    figures.append(
      BenchFigure(
        suite: suite, name: "\(cell) \(name) integer accuracy", value: 100 * value, unit: "%",
        note: String(format: "drop %.2f points from float", 100 * (floatAccuracy - value))))
  }
  return figures
}

/// The integer rows of `bench text` for one trained word model (`embedding → gru / lstm →
/// dense`): int8 integer inference words/s at batch 256 and 1 on the test words, agreement with
/// its simulation, and the accuracy of the int8, w4-ptq and w4-qat integer models (QAT: one
/// epoch of fine-tuning, Adam 1e-4, batch 64, with the recurrent and dense weights fake-quantized
/// at 4 bits). Calibration: the first 512 training words.
func integerTextFigures(
  label: String, trained: Sequential, train: Split, test: Split, options: BenchOptions
) throws -> [BenchFigure] {
  let steps = WordRule.maximumLength
  func batch(_ split: Split) -> (tokens: [Int32], lengths: [Int]) {
    recurrentTokens(split.images.map(Float.init), steps: steps)
  }
  let calibration = batch(train.prefix(512))
  let words = batch(test)
  let float = try RecurrentClassifierWeights(trained)
  options.progress("text \(label): int8 integer engine")
  let q8 = try QuantizedRecurrentClassifier(
    float, bits: 8, calibration: calibration.tokens, lengths: calibration.lengths, steps: steps)
  var figures = try integerTextSpeedFigures(
    suite: "text", name: "\(label) int8 integer", try IntegerRecurrentClassifier(converting: q8),
    quantized: q8, tokens: words.tokens, lengths: words.lengths, batchOne: true,
    options: options)
  options.progress("text \(label): 4-bit QAT, 1 epoch")
  var hooked = trained
  for (i, layer) in trained.layers.enumerated() {
    switch layer.kind {
    case .recurrent(_, let units):
      try hooked.setTransforms(
        layer: i, weights: try RecurrentWeightQuantizationHook(hidden: units, bits: 4),
        output: nil)
    case .dense:
      try hooked.setTransforms(
        layer: i, weights: WeightQuantizationHook(.linear(LinearQuantizer(bits: 4))), output: nil)
    default: break
    }
  }
  var tuned = try TensorEngine.train(
    hooked, on: train,
    options: TrainingOptions(
      epochs: 1, batchSize: 64, optimizer: .adam(learningRate: 1e-4), seed: 2,
      threads: options.threads)
  ).model
  for i in tuned.layers.indices { try tuned.setTransforms(layer: i, weights: nil, output: nil) }
  options.progress("text \(label): integer accuracy")
  figures += try integerTextAccuracyFigures(
    suite: "text", cell: label, float: float, qat: try RecurrentClassifierWeights(tuned),
    calibration: calibration, test: (words.tokens, words.lengths, test.labels.map(Int.init)),
    threads: options.threads)
  return figures
}
