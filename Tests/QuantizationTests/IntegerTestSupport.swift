import TensorEngine

@testable import Quantization

/// A small CNN trained for one epoch on the synthetic Fashion-MNIST look-alike, and its
/// post-training quantizations (built once per process; about a second in debug).
///
/// conv 8 3x3 relu -> max-pool 2 -> conv 16 3x3 same relu -> max-pool 2 -> flatten ->
/// dense 32 relu -> dense 10 softmax. The second conv's "same" padding exercises the
/// zero-point padding of the int8 im2col.
enum IntegerFixture {
  static let kinds: [LayerKind] = [
    .conv2d(filters: 8, kernel: 3, stride: 1, padding: .valid, activation: .relu),
    .maxPool(size: 2, stride: 2),
    .conv2d(filters: 16, kernel: 3, stride: 1, padding: .same, activation: .relu),
    .maxPool(size: 2, stride: 2),
    .flatten,
    .dense(units: 32, activation: .relu),
    .dense(units: 10, activation: .softmax),
  ]

  static let data = Dataset.synthetic(train: 1200, test: 300, seed: 7)

  static let trained: Sequential = {
    let model = try! Sequential(inputShape: [28, 28, 1], layers: kinds, seed: 11)
    let options = TrainingOptions(
      epochs: 1, batchSize: 32, optimizer: .adam(learningRate: 3e-3), seed: 5, threads: 2)
    return try! train(model, on: data.train, options: options).model
  }()

  /// Post-training quantization with int8 (or `bits`) weights and 8-bit activations.
  static func quantized(bits: Int = 8, model: Sequential = trained) throws -> QuantizedModel {
    try quantize(
      model,
      config: QuantizationConfig(
        weights: .linear(LinearQuantizer(bits: bits)), activations: ActivationQuantization(),
        calibrationSamples: 256),
      calibration: data.train, threads: 2)
  }

  static let int8: QuantizedModel = try! quantized()
  static let int4: QuantizedModel = try! quantized(bits: 4)
}
