import Foundation
import Kernels
import Quantization
import TensorEngine

/// Accuracy rows of `bench text` for the integer engine: the float classifier, its int8
/// integer model (8-bit weights and activations, post-training), its 4-bit-weight integer
/// model post-training (`w4-ptq`) and, when given, the integer model of a 4-bit
/// quantization-aware fine-tuned model (`w4-qat`), each on `test`, calibrated on the first
/// `calibrationWords` words of `calibration`. Each quantized model is made by
/// `quantizeRecurrent` and converted by `IntegerRecurrentClassifier(converting:)`: the code
/// behind the notebook steps `quantize(..., mode: weights_and_activations)` and `convert`.
func integerTextAccuracyFigures(
  suite: String, cell: String, float: Sequential, qat: Sequential?, calibration: Split,
  calibrationWords: Int, test: Split, threads: Int
) throws -> [BenchFigure] {
  var figures: [BenchFigure] = []
  let words = recurrentBatch(test)
  let labels = test.labels.map(Int.init)
  func accuracy(_ logits: [Float], classes: Int) -> Double {
    let predicted = rowArgmax(logits, classes: classes)
    let right = zip(predicted, labels).filter { $0 == $1 }.count
    return Double(right) / Double(max(1, labels.count))
  }
  let floatAccuracy = try evaluate(float, on: test, threads: threads).accuracy
  figures.append(
    BenchFigure(
      suite: suite, name: "\(cell) float32 accuracy", value: 100 * floatAccuracy, unit: "%"))
  var rows: [(String, Sequential, Int)] = [("int8", float, 8), ("w4-ptq", float, 4)]
  if let qat { rows.append(("w4-qat", qat, 4)) }
  for (name, model, bits) in rows {
    let q = try quantizeRecurrent(
      model, bits: bits, activations: .minMax, calibration: calibration,
      samples: calibrationWords)
    guard let classifier = q.classifier else {
      throw QuantizationError(.invalidArgument, "bench text: activations were not calibrated")
    }
    let engine = try IntegerRecurrentClassifier(converting: classifier)
    let logits = try engine.logits(
      tokens: words.tokens, lengths: words.lengths, steps: words.steps, threads: threads)
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
/// its simulation, and the accuracy of the int8, w4-ptq and w4-qat integer models (QAT:
/// `trainRecurrentQuantizationAware`, the `qat` step's code, one epoch at 4 bits, Adam 1e-4,
/// batch 64). Calibration: the first 512 training words.
func integerTextFigures(
  label: String, trained: Sequential, train: Split, test: Split, options: BenchOptions
) throws -> [BenchFigure] {
  let calibrationWords = 512
  let words = recurrentBatch(test)
  options.progress("text \(label): int8 integer engine")
  let q8 = try quantizeRecurrent(
    trained, bits: 8, activations: .minMax, calibration: train, samples: calibrationWords)
  guard let classifier = q8.classifier else {
    throw QuantizationError(.invalidArgument, "bench text: activations were not calibrated")
  }
  var figures = try integerTextSpeedFigures(
    suite: "text", name: "\(label) int8 integer",
    try IntegerRecurrentClassifier(converting: classifier), quantized: classifier,
    tokens: words.tokens, lengths: words.lengths, batchOne: true, options: options)
  options.progress("text \(label): 4-bit QAT, 1 epoch")
  let tuned = try trainRecurrentQuantizationAware(
    trained, bits: 4, on: train,
    options: TrainingOptions(
      epochs: 1, batchSize: 64, optimizer: .adam(learningRate: 1e-4), seed: 2,
      threads: options.threads)
  ).float
  options.progress("text \(label): integer accuracy")
  figures += try integerTextAccuracyFigures(
    suite: "text", cell: label, float: trained, qat: tuned, calibration: train,
    calibrationWords: calibrationWords, test: test, threads: options.threads)
  return figures
}
