import Quantization
import TensorEngine

/// A small CNN trained briefly on synthetic data, post-training quantized (int8 weights and
/// activations) and converted to integers: every kind of layer the integer engine runs.
enum ExportFixture {
  static let kinds: [LayerKind] = [
    .conv2d(filters: 4, kernel: 3, stride: 1, padding: .same, activation: .relu),
    .maxPool(size: 2, stride: 2),
    .conv2d(filters: 6, kernel: 3, stride: 2, padding: .valid, activation: .linear),
    .activation(.relu),
    .flatten,
    .dense(units: 12, activation: .relu),
    .dropout(rate: 0.1),
    .dense(units: 10, activation: .softmax),
  ]

  static let data = Dataset.synthetic(train: 300, test: 60, seed: 9)

  static let trained: Sequential = {
    let model = try! Sequential(inputShape: [28, 28, 1], layers: kinds, seed: 4)
    let options = TrainingOptions(
      epochs: 1, batchSize: 30, optimizer: .adam(learningRate: 3e-3), seed: 2, threads: 1)
    return try! train(model, on: data.train, options: options).model
  }()

  static let quantized: QuantizedModel = try! quantize(
    trained,
    config: QuantizationConfig(
      weights: .linear(LinearQuantizer(bits: 8)), activations: ActivationQuantization(),
      calibrationSamples: 64),
    calibration: data.train, threads: 1)

  static let integer: IntegerModel = try! IntegerModel(converting: quantized)

  static var records: [Int: LayerQuantizationRecord] {
    Dictionary(quantized.layers.map { ($0.layerIndex, $0) }, uniquingKeysWith: { a, _ in a })
  }
}
