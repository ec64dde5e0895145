import Testing

@testable import TensorEngine

/// The engine refuses sizes from a model description or a batch that would make an
/// allocation trap (more than 2^31 values in one tensor, or an Int overflow), with an error.
@Suite struct EngineSizeLimitTests {
  @Test func shapesOverTheLimitThrowInsteadOfTrapping() {
    // 4096^3 values per input; flatten then dense(65536) would be 2^52 weights.
    #expect(throws: EngineError.self) {
      try Sequential(
        inputShape: [4096, 4096, 4096],
        layers: [.flatten, .dense(units: 65536, activation: .linear)], seed: 1)
    }
    // Extents whose product overflows Int.
    #expect(throws: EngineError.self) {
      try Sequential(inputShape: [1 << 40, 1 << 40, 1], layers: [.flatten], seed: 1)
    }
    #expect(throws: EngineError.self) { try Shapes.checkedCount([Int.max, 2], "x") }
    #expect((try? Shapes.checkedCount([1 << 15, 1 << 16], "x")) == 1 << 31)
    #expect((try? Shapes.checkedCount([1 << 15, (1 << 16) + 1], "x")) == nil)
  }

  @Test func batchCapacityOverTheLimitThrows() throws {
    let model = try Sequential(
      inputShape: [28, 28, 1],
      layers: [
        .conv2d(filters: 512, kernel: 3, stride: 1, padding: .valid, activation: .linear), .flatten,
      ], seed: 1)
    try Network.checkCapacity(model, batch: 32)
    // 26·26·512 values per image times 60000 images is over 2^31.
    #expect(throws: EngineError.self) { try Network.checkCapacity(model, batch: 60000) }
  }
}
