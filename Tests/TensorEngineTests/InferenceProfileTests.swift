import Kernels
import Testing

@testable import TensorEngine

/// `profileInference` (the `bench infer-float-profile` rows) and `InferenceOptions.current`
/// (how the notebook runner selects the convolution algorithm).
@Suite struct InferenceProfileTests {
  static func split(count: Int, shape: [Int], classes: Int = 10) throws -> Split {
    var rng = SeededRandom(seed: 11)
    let size = shape.reduce(1, *)
    return try Split(
      images: (0..<count * size).map { _ in UInt8(rng.uniform() * 255) },
      labels: (0..<count).map { UInt8($0 % classes) }, imageShape: shape)
  }

  /// One row per step in plan order after `load`; a Winograd step is followed by its three
  /// phases, whose sum never exceeds the step's own time (they are measured inside it).
  @Test(arguments: [1, 16, 256])
  func rowsFollowThePlan(batch: Int) throws {
    let model = try Sequential.seedCNN(seed: 2)
    let data = try Self.split(count: 30, shape: [28, 28, 1])
    let direct = try profileInference(
      model, on: data, batchSize: batch, options: InferenceOptions())
    #expect(
      direct.map(\.name) == [
        "load (pixels to floats)", "conv 1 -> 32, 3x3, direct + max-pool 2",
        "conv 32 -> 64, 3x3, direct + max-pool 2", "flatten / dropout", "dense 1600 -> 64, relu",
        "dense 64 -> 10, softmax",
      ])
    #expect(direct.allSatisfy { $0.seconds >= 0 && !$0.isPhase })
    let winograd = try profileInference(
      model, on: data, batchSize: batch, options: InferenceOptions(convolution: .winograd))
    #expect(
      winograd.map(\.name) == [
        "load (pixels to floats)", "conv 1 -> 32, 3x3, direct + max-pool 2",
        "conv 32 -> 64, 3x3, winograd F(2x2,3x3) + max-pool 2", "  winograd input transform",
        "  winograd 16 products", "  winograd output transform", "flatten / dropout",
        "dense 1600 -> 64, relu", "dense 64 -> 10, softmax",
      ])
    #expect(
      winograd.map(\.isPhase) == [false, false, false, true, true, true, false, false, false])
    let phases = winograd[3...5].reduce(0) { $0 + $1.seconds }
    #expect(phases <= winograd[2].seconds)
    #expect(winograd[2].seconds > 0 && winograd[4].seconds > 0)
  }

  @Test func aSplitTheModelDoesNotTakeIsRefused() throws {
    let model = try Sequential.seedCNN(seed: 2)
    let data = try Self.split(count: 3, shape: [28, 28, 2])
    #expect(throws: EngineError.self) {
      try profileInference(model, on: data, batchSize: 4, options: InferenceOptions())
    }
  }

  /// `evaluate`, `outputs` and `predict` without `options:` use `InferenceOptions.current`:
  /// bound to Winograd they give Winograd's bits (which differ from direct's by rounding),
  /// unbound direct's.
  @Test func unspecifiedOptionsAreTheBoundOnes() throws {
    let model = try Sequential(
      inputShape: [10, 10, 8],
      layers: [
        .conv2d(filters: 16, kernel: 3, stride: 1, padding: .same, activation: .relu),
        .flatten, .dense(units: 4, activation: .softmax),
      ], seed: 9)
    var rng = SeededRandom(seed: 3)
    let x = try Tensor(shape: [5, 10, 10, 8], data: (0..<4000).map { _ in rng.uniform() })
    let winogradOptions = InferenceOptions(convolution: .winograd)
    let direct = try model.predict(x, threads: 2, options: InferenceOptions()).data
    let winograd = try model.predict(x, threads: 2, options: winogradOptions).data
    if KernelDispatch.current != .reference {
      #expect(direct != winograd, "Winograd was not chosen for an 8-channel 3x3 conv")
    }
    #expect(try model.predict(x, threads: 2).data == direct)
    let bound = try InferenceOptions.$current.withValue(winogradOptions) {
      try model.predict(x, threads: 2).data
    }
    #expect(bound == winograd)
    let data = try Self.split(count: 7, shape: [10, 10, 8], classes: 4)
    let boundOutputs = try InferenceOptions.$current.withValue(winogradOptions) {
      try outputs(of: model, on: data, threads: 2)
    }
    #expect(
      boundOutputs == (try outputs(of: model, on: data, threads: 2, options: winogradOptions)))
    #expect(InferenceOptions.current == InferenceOptions())
  }
}
