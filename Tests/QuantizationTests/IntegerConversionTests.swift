import TensorEngine
import Testing

@testable import Quantization

/// Quantizes an untrained seeded model on a few synthetic images.
private func quantizedModel(
  _ kinds: [LayerKind], config: QuantizationConfig
) throws -> QuantizedModel {
  let model = try Sequential(inputShape: [28, 28, 1], layers: kinds, seed: 3)
  return try quantize(model, config: config, calibration: IntegerFixture.data.test.prefix(32))
}

private let withActivations = QuantizationConfig(
  activations: ActivationQuantization(), calibrationSamples: 32)

/// Expects conversion to throw an error whose message holds every part of `parts`.
private func expectConversionError(_ q: QuantizedModel, mentions parts: [String]) {
  do {
    _ = try IntegerModel(converting: q)
    Issue.record("conversion should have failed (\(parts))")
  } catch let error as QuantizationError {
    for part in parts { #expect(error.message.contains(part), "\(error.message)") }
  } catch {
    Issue.record("unexpected error \(error)")
  }
}

@Test func weightsOnlyQuantizationHasNoActivationRanges() throws {
  let q = try quantize(IntegerFixture.trained, config: QuantizationConfig())
  expectConversionError(q, mentions: ["layer 1 (conv2d)", "no activation range"])
}

@Test(arguments: [
  LinearQuantizer(bits: 8, granularity: .perTensor),
  LinearQuantizer(bits: 8, scheme: .asymmetric),
  LinearQuantizer(bits: 16),
])
func weightsMustBeSymmetricPerChannelUpTo8Bits(quantizer: LinearQuantizer) throws {
  var config = withActivations
  config.weights = .linear(quantizer)
  let q = try quantize(
    IntegerFixture.trained, config: config, calibration: IntegerFixture.data.test.prefix(32))
  expectConversionError(q, mentions: ["layer 1 (conv2d)", "symmetric per-channel"])
}

@Test func sixteenBitActivationsAndFloatLayersAreRejected() throws {
  var config = withActivations
  config.activations?.bits = 16
  let wide = try quantize(
    IntegerFixture.trained, config: config, calibration: IntegerFixture.data.test.prefix(32))
  expectConversionError(wide, mentions: ["layer 1 (conv2d)", "16 bits"])
  var floatLayer = withActivations
  floatLayer.floatLayers = [5]
  let mixed = try quantize(
    IntegerFixture.trained, config: floatLayer, calibration: IntegerFixture.data.test.prefix(32))
  expectConversionError(mixed, mentions: ["layer 6 (dense)", "float"])
}

@Test func unsupportedLayersAreNamed() throws {
  let conv = LayerKind.conv2d(filters: 4, kernel: 3, stride: 1, padding: .valid, activation: .relu)
  let head: [LayerKind] = [.flatten, .dense(units: 10, activation: .softmax)]
  expectConversionError(
    try quantizedModel([conv, .avgPool(size: 2, stride: 2)] + head, config: withActivations),
    mentions: ["layer 2 (avg_pool)", "max pooling"])
  expectConversionError(
    try quantizedModel(
      [.conv2d(filters: 4, kernel: 3, stride: 1, padding: .valid, activation: .sigmoid)] + head,
      config: withActivations),
    mentions: ["layer 1 (conv2d)", "sigmoid"])
  expectConversionError(
    try quantizedModel(
      [
        conv, .flatten, .dense(units: 16, activation: .softmax),
        .dense(units: 10, activation: .softmax),
      ],
      config: withActivations),
    mentions: ["layer 3 (dense)", "softmax is only supported at the end"])
  var unfolded = withActivations
  unfolded.foldBatchNorm = false
  expectConversionError(
    try quantizedModel(
      [conv, .batchNorm(momentum: 0.9, epsilon: 1e-3)] + head, config: unfolded),
    mentions: ["layer 2 (batch_norm)", "fold"])
}

/// Layers are numbered from 1 in the model as written (as `summary` numbers them), not in the
/// model after batch-norm folding: a batch norm after max pooling, behind a folded one, is
/// layer 5 of what the user wrote (layer 4 of the folded model).
@Test func refusedLayersAreNumberedAsWritten() throws {
  let kinds: [LayerKind] = [
    .conv2d(filters: 4, kernel: 3, stride: 1, padding: .valid, activation: .linear),
    .batchNorm(momentum: 0.9, epsilon: 1e-3), .activation(.relu), .maxPool(size: 2, stride: 2),
    .batchNorm(momentum: 0.9, epsilon: 1e-3), .flatten, .dense(units: 10, activation: .softmax),
  ]
  let q = try quantizedModel(kinds, config: withActivations)
  #expect(q.foldedBatchNorms == 1)
  expectConversionError(q, mentions: ["layer 5 (batch_norm)", "right after a conv2d or dense"])
}

@Test func foldedBatchNormAndStandaloneReluConvert() throws {
  // conv (linear) -> batch norm -> relu -> max-pool -> flatten -> dense -> softmax layer.
  let kinds: [LayerKind] = [
    .conv2d(filters: 4, kernel: 3, stride: 2, padding: .same, activation: .linear),
    .batchNorm(momentum: 0.9, epsilon: 1e-3), .activation(.relu), .maxPool(size: 2, stride: 2),
    .flatten, .dropout(rate: 0.2), .dense(units: 10, activation: .linear), .activation(.softmax),
  ]
  let q = try quantizedModel(kinds, config: withActivations)
  let model = try IntegerModel(converting: q)
  #expect(
    model.layers.map(\.operation) == [
      .conv2d(kernel: 3, stride: 2, padTop: 0, padLeft: 0, padBottom: 1, padRight: 1),
      .requantize(relu: true), .maxPool(size: 2, stride: 2), .flatten, .dense,
    ])
  guard case .int8 = model.output else {
    Issue.record("a dense with its own activation range writes int8 logits")
    return
  }
  let test = IntegerFixture.data.test
  let fast = try model.run(on: test, threads: 2)
  #expect(fast == (try model.run(on: test, useReferenceKernels: true)))
  let comparison = try compareWithSimulation(model, q, on: test)
  #expect(comparison.agreement >= 0.97)
  // int8 logits sit on the simulation's output grid: differences are whole steps.
  #expect(comparison.maxLogitDifference < 0.2)
}
