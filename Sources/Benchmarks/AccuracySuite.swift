import Foundation
import Quantization
import QuantizationMethods
import TensorEngine

/// `accuracy`: the accuracy table, reproduced from scratch: train the seed CNN for 5
/// epochs on Fashion-MNIST (Adam 1e-3, batch 32), quantize it each way, evaluate on the
/// 10,000 test images. Figures are test accuracy in percent.
///
/// Targets: int8 (w8a8) drop <= 0.3 points; w4 post-training drop <= 2; w4 after one epoch of
/// QAT drop <= 0.7; w2 after QAT >= 85%.
let accuracySuite = BenchSuite(
  name: "accuracy",
  summary: "seed CNN: float vs int8, 4-bit PTQ/QAT, 2-bit QAT and every method (test accuracy)"
) { options in
  let data = try BenchData.fashionMNIST(options)
  let threads = options.threads
  func progress(_ what: String) -> (TrainingProgress) -> Void {
    BenchData.progress(options, every: 300, label: "\(what): ")
  }
  let trained = try train(
    try Sequential.seedCNN(seed: 1), on: data.train,
    options: TrainingOptions(epochs: 5, batchSize: 32, seed: 1, threads: threads),
    clock: BenchData.clock, progress: progress("float training"))
  let float = trained.model
  let direct = try evaluate(float, on: data.test, threads: threads)
  let floatAccuracy = direct.accuracy
  var figures = [
    BenchFigure(
      suite: "accuracy", name: "float", value: 100 * floatAccuracy, unit: "%",
      note: "5 epochs, Adam 1e-3, batch 32")
  ]
  // Issue 16: the same float model through Winograd F(2x2, 3x3) (the per-layer rule).
  let winograd = try evaluate(
    float, on: data.test, threads: threads, options: InferenceOptions(convolution: .winograd))
  figures.append(
    BenchFigure(
      suite: "accuracy", name: "float, Winograd convolutions", value: 100 * winograd.accuracy,
      unit: "%",
      note: String(
        format: "same predictions as direct on %.2f%% of the test images",
        100 * Evaluation.agreement(direct.predictions, winograd.predictions))))
  func add(_ name: String, _ model: Sequential, _ note: String) throws {
    let accuracy = try evaluate(model, on: data.test, threads: threads).accuracy
    figures.append(
      BenchFigure(
        suite: "accuracy", name: name, value: 100 * accuracy, unit: "%",
        note: note + String(format: "; drop %.2f points", 100 * (floatAccuracy - accuracy))))
  }
  func ptq(_ name: String, _ config: QuantizationConfig, _ note: String) throws {
    options.progress("post-training quantization: \(name)")
    let q = try quantize(float, config: config, calibration: data.train, threads: threads)
    try add(name, q.model, note + String(format: ", %d bytes", q.packedByteCount))
  }
  func linear(
    _ bits: Int, _ scheme: QuantizationScheme = .symmetric,
    _ granularity: QuantizationGranularity = .perChannel,
    rounding: RoundingRule = .nearestAwayFromZero
  ) -> WeightQuantization {
    .linear(
      LinearQuantizer(bits: bits, scheme: scheme, granularity: granularity, rounding: rounding))
  }
  let w8a8 = { (calibration: CalibrationMethod) in
    QuantizationConfig(
      weights: linear(8), activations: ActivationQuantization(bits: 8, calibration: calibration))
  }
  try ptq(
    "int8", w8a8(.minMax), "w8a8: weights symmetric per channel, activations asymmetric min-max")
  try ptq(
    "int8-percentile", w8a8(.percentile(99.99)), "w8a8, activations at the 99.99th percentile")
  try ptq("int8-mse", w8a8(.mse), "w8a8, MSE-optimal activation ranges")
  try ptq("int8-entropy", w8a8(.entropy), "w8a8, KL-divergence activation ranges")
  try ptq("w4-ptq", QuantizationConfig(weights: linear(4)), "4-bit weights, symmetric per channel")
  try ptq(
    "w4-per-tensor", QuantizationConfig(weights: linear(4, .symmetric, .perTensor)),
    "4-bit, per tensor")
  try ptq(
    "w4-per-group32", QuantizationConfig(weights: linear(4, .symmetric, .perGroup(size: 32))),
    "4-bit, groups of 32")
  try ptq(
    "w4-asymmetric", QuantizationConfig(weights: linear(4, .asymmetric)),
    "4-bit asymmetric per channel")
  try ptq(
    "w4-stochastic", QuantizationConfig(weights: linear(4, rounding: .stochastic(seed: 1))),
    "4-bit, stochastic rounding")
  try ptq(
    "w4-log2", QuantizationConfig(weights: .logarithmic(LogQuantizer(bits: 4))),
    "4-bit power-of-two levels")
  try ptq(
    "w4-kmeans", QuantizationConfig(weights: .kMeans(KMeansQuantizer(bits: 4))),
    "16-value k-means codebook per tensor")
  try ptq(
    "ternary-ptq", QuantizationConfig(weights: .ternary(TernaryQuantizer())),
    "{-a, 0, +a}, threshold 0.7 mean|w|")
  try ptq(
    "binary-ptq", QuantizationConfig(weights: .binary(BinaryQuantizer())),
    "sign(w) x mean|w| per channel")
  try ptq("w2-ptq", QuantizationConfig(weights: linear(2)), "2-bit symmetric per channel")
  try ptq(
    "mixed-8-4-4-8", QuantizationConfig(weights: linear(4), layerBits: [0: 8, 6: 8]),
    "first and last layer 8-bit, others 4")
  try ptq(
    "input-4bit", QuantizationConfig(weights: linear(8), inputBits: 4),
    "8-bit weights, pixels discretised to 4 bits")

  func qat(_ name: String, _ config: QuantizationConfig, epochs: Int, lr: Float) throws {
    let result = try trainQuantizationAware(
      float, config: config, on: data.train,
      options: TrainingOptions(
        epochs: epochs, batchSize: 32, optimizer: .adam(learningRate: lr), seed: 2, threads: threads
      ),
      clock: BenchData.clock, progress: progress("QAT \(name)"))
    try add(
      name, result.quantized.model, "\(epochs) epoch(s) of QAT from the float model, Adam \(lr)")
  }
  try qat("w4-qat", QuantizationConfig(weights: linear(4)), epochs: 1, lr: 1e-4)
  try qat("w2-qat", QuantizationConfig(weights: linear(2)), epochs: 2, lr: 3e-4)
  return figures
}
