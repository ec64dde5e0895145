import MarkdownNotebook
import Quantization
import TensorEngine
import Testing

@testable import NotebookRunner

/// `evaluate` of quantized models measures their float model once per split in a run.
@Suite struct EvaluationMemoTests {
  /// A tiny dense model on 4x4 images with 3 classes.
  static func model(seed: UInt64) throws -> Sequential {
    try Sequential(
      inputShape: [4, 4, 1], layers: [.flatten, .dense(units: 3, activation: .softmax)], seed: seed)
  }

  /// `count` pseudo-random 4x4 images whose labels follow a simple rule.
  static func split(count: Int, offset: Int) throws -> NamedSplit {
    var images: [UInt8] = []
    var labels: [UInt8] = []
    for i in 0..<count {
      let pixels = (0..<16).map { UInt8(truncatingIfNeeded: (i + offset) * 37 + $0 * 11) }
      images += pixels
      labels.append(UInt8(Int(pixels[0]) % 3))
    }
    let split = try Split(images: images, labels: labels, imageShape: [4, 4, 1])
    return NamedSplit(split: split, name: "split \(offset)", classNames: ["a", "b", "c"])
  }

  static func environment() -> StepEnvironment {
    StepEnvironment(
      seed: 1, threads: 1,
      data: DataProvider(locator: DataLocator(explicitFolder: nil, environment: [:])),
      clock: { 0 }, events: { _ in }, notebookPath: "t.md", outputFolder: "/tmp")
  }

  static func quantized(_ model: Sequential, bits: Int) throws -> QuantizedValue {
    let quantized = try quantize(
      model, config: QuantizationConfig(weights: .int8PerChannel.withBits(bits)))
    return QuantizedValue(
      quantized: quantized, source: ModelValue(model: model, history: nil, label: "net"),
      label: "q\(bits)",
      scheme: "\(bits)-bit")
  }

  /// Runs the `evaluate` step as the interpreter would.
  static func evaluate(
    _ subject: RuntimeValue, on split: NamedSplit, in environment: StepEnvironment
  ) throws
    -> MetricsValue
  {
    let step = try #require(StepLibrary.implementations["evaluate"])
    let start = SourceLocation(line: 1, column: 1, offset: 0)
    let call = StepCall(
      name: "evaluate", range: SourceRange(at: start),
      arguments: ["model": subject, "on": .split(split)],
      layers: nil, environment: environment)
    guard case .metrics(let metrics) = try step(call) else {
      throw StepFailure("evaluate gave no metrics")
    }
    return metrics
  }

  @Test func floatModelIsEvaluatedOncePerSplitAndModel() throws {
    let net = try Self.model(seed: 1)
    let test = try Self.split(count: 40, offset: 0)
    let environment = Self.environment()
    let memo = environment.evaluations
    let reference = try TensorEngine.evaluate(net, on: test.split)

    // A sweep over bit widths: one float evaluation for all four quantized models.
    for bits in [8, 6, 4, 2] {
      let q = try Self.quantized(net, bits: bits)
      let metrics = try Self.evaluate(.quantized(q), on: test, in: environment)
      // Shown figures are those of a fresh float evaluation.
      let floatAccuracy = metrics.extras.first { $0.name == "float accuracy" }?.value
      guard case .fraction(let shown)? = floatAccuracy else {
        Issue.record("no float accuracy beside q\(bits)")
        continue
      }
      #expect(shown == reference.accuracy)
      let own = try TensorEngine.evaluate(q.quantized.model, on: test.split)
      #expect(metrics.agreement == Evaluation.agreement(reference.predictions, own.predictions))
      #expect(metrics.evaluation == own)
    }
    #expect(memo.computed == 1)

    // Evaluating the float model itself reuses the same figures.
    let direct = try Self.evaluate(
      .model(ModelValue(model: net, history: nil, label: "net")), on: test, in: environment)
    #expect(direct.evaluation == reference)
    #expect(memo.computed == 1)

    // Another split, another model, and a changed copy of the model are each measured anew.
    let other = try Self.split(count: 30, offset: 5)
    _ = try Self.evaluate(.quantized(try Self.quantized(net, bits: 4)), on: other, in: environment)
    #expect(memo.computed == 2)
    let second = try Self.model(seed: 2)
    let secondMetrics = try Self.evaluate(
      .quantized(try Self.quantized(second, bits: 4)), on: test, in: environment)
    #expect(memo.computed == 3)
    let secondReference = try TensorEngine.evaluate(second, on: test.split)
    #expect(
      secondMetrics.extras.first?.value.inlineText
        == RuntimeValue.fraction(secondReference.accuracy).inlineText)
    var changed = net
    try changed.setParameters(
      layer: 1, weights: Tensor(shape: [16, 3], repeating: 0.01),
      bias: Tensor(shape: [3], repeating: 0))
    _ = try Self.evaluate(
      .quantized(try Self.quantized(changed, bits: 4)), on: test, in: environment)
    #expect(memo.computed == 4)

    // All of them are remembered: repeating the calls measures nothing new.
    _ = try Self.evaluate(.quantized(try Self.quantized(net, bits: 3)), on: other, in: environment)
    _ = try Self.evaluate(
      .quantized(try Self.quantized(second, bits: 3)), on: test, in: environment)
    _ = try Self.evaluate(
      .quantized(try Self.quantized(changed, bits: 3)), on: test, in: environment)
    #expect(memo.computed == 4)
  }

  @Test func eachRunHasItsOwnMemo() throws {
    let net = try Self.model(seed: 1)
    let test = try Self.split(count: 20, offset: 0)
    let first = Self.environment()
    _ = try Self.evaluate(.quantized(try Self.quantized(net, bits: 4)), on: test, in: first)
    let second = Self.environment()
    _ = try Self.evaluate(.quantized(try Self.quantized(net, bits: 4)), on: test, in: second)
    #expect(first.evaluations.computed == 1)
    #expect(second.evaluations.computed == 1)
    #expect(first.evaluations !== second.evaluations)
  }

  @Test func memoKeepsAtMostItsCapacity() throws {
    let memo = EvaluationMemo()
    let net = try Self.model(seed: 1)
    let splits = try (0...EvaluationMemo.capacity).map { try Self.split(count: 5, offset: $0) }
    var computed = 0
    func measure(_ split: NamedSplit) throws -> Evaluation {
      try memo.evaluation(of: net, on: split.split, threads: 1) {
        computed += 1
        return try TensorEngine.evaluate(net, on: split.split)
      }
    }
    for split in splits { _ = try measure(split) }
    #expect(computed == splits.count)
    _ = try measure(splits[splits.count - 1])  // the newest is kept
    #expect(computed == splits.count)
    _ = try measure(splits[0])  // the oldest went first
    #expect(computed == splits.count + 1)
    #expect(memo.computed == computed)
  }
}
