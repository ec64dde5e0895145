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
