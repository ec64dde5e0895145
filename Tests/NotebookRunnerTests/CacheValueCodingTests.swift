import HTMLReport
import TensorEngine
import Testing

@testable import NotebookRunner

/// A trained model with its history and an evaluation, from a tiny synthetic run.
private func trainedModel() throws -> (ModelValue, MetricsValue) {
  let data = Dataset.synthetic(train: 40, test: 20, seed: 3)
  let model = try Sequential(
    inputShape: [28, 28, 1], layers: [.flatten, .dense(units: 10, activation: .softmax)], seed: 3)
  let result = try train(
    model, on: data.train, validation: data.test, options: TrainingOptions(epochs: 2, batchSize: 10)
  )
  let evaluation = try TensorEngine.evaluate(result.model, on: data.test)
  let model_ = ModelValue(model: result.model, history: result.history, label: "net")
  var metrics = MetricsValue(
    evaluation: evaluation, modelLabel: "net", splitName: "test", classNames: data.classNames)
  metrics.agreement = .nan
  metrics.extras = [("bits", .int(4)), ("note", .list([.string("a"), .fraction(0.5)]))]
  return (model_, metrics)
}

@Test func storedValuesRoundTripExactly() throws {
  let (model, metrics) = try trainedModel()
  for value in [RuntimeValue.model(model), .metrics(metrics), .history(model.history!)] {
    var w = CacheWriter()
    #expect(ValueCoding.encode(value, into: &w, reference: { _ in nil }))
    var r = CacheReader(w.bytes)
    let back = try ValueCoding.decode(&r) { _ throws(CacheDecodingError) in
      throw CacheDecodingError("no split")
    }
    #expect(r.isAtEnd)
    switch (value, back) {
    case (.model(let a), .model(let b)):
      #expect(a.model.serialized() == b.model.serialized())
      #expect(a.history == b.history && a.label == b.label)
    case (.metrics(let a), .metrics(let b)):
      #expect(
        a.evaluation == b.evaluation && a.modelLabel == b.modelLabel && a.classNames == b.classNames
      )
      #expect(b.agreement?.isNaN == true, "NaN survives")
      #expect(
        b.extras.map(\.name) == ["bits", "note"]
          && b.extras[1].value.inlineText == a.extras[1].value.inlineText)
    case (.history(let a), .history(let b)): #expect(a == b)
    default: Issue.record("decoded a different kind of value")
    }
    // Every truncation of the bytes is an error value, never a crash.
    for length in stride(from: 0, to: w.bytes.count, by: max(1, w.bytes.count / 97)) {
      var cut = CacheReader(Array(w.bytes.prefix(length)))
      #expect(throws: CacheDecodingError.self) {
        _ = try ValueCoding.decode(&cut) { _ throws(CacheDecodingError) in
          throw CacheDecodingError("no split")
        }
      }
    }
  }
}

@Test func aModelTrainedOnAnUnknownSplitIsNotStored() throws {
  var (model, _) = try trainedModel()
  let data = Dataset.synthetic(train: 10, test: 10, seed: 1)
  model.trainedOn = NamedSplit(split: data.train, name: "somewhere", classNames: data.classNames)
  var w = CacheWriter()
  #expect(!ValueCoding.encode(.model(model), into: &w, reference: { _ in nil }))
  #expect(!ValueCoding.encode(.split(model.trainedOn!), into: &w, reference: { _ in nil }))
}

@Test func reportOutputsRoundTrip() throws {
  let outputs: [CellOutput] = [
    .table(Table(caption: "t", columns: [.init("a"), .init("b", .numeric)], rows: [["1", "2"]])),
    .chart(
      .line(
        title: "l", description: "d", x: Axis("x", scale: .logarithmic(base: 2)),
        y: Axis("y", domain: 0...1),
        series: [.init("s", x: [1, 2], y: [0.5, .infinity])])),
    .chart(
      .histogram(
        title: "h", description: "d", bins: .init(lowerBound: -1, width: 0.5, counts: [1, 2, 3]),
        x: Axis("v"),
        markers: [0.25], markerName: "levels")),
    .chart(
      .imageGrid(
        title: "g", description: "d",
        images: [GrayImage(width: 2, height: 1, pixels: [0, 255], label: "x")])),
    .chart(
      .heatmap(
        title: "m", description: "d", rowLabels: ["a"], columnLabels: ["b"], rowAxisLabel: "r",
        columnAxisLabel: "c", values: [[1]])),
    .chart(
      .bar(
        title: "b", description: "d", categories: ["a"], categoryLabel: "c",
        value: Axis("v", scale: .categorical(["q"])),
        series: [.init("s", [3])])),
    .metrics(MetricList(title: nil, [Metric("a", "1")])), .text(TextBlock(title: "t", "x")),
    .error(
      CellError(
        message: "m", file: "f", line: 3, column: 4, sourceLine: "s", caretLength: 2, hint: "h")),
  ]
  var w = CacheWriter()
  w.array(outputs) { $0.output($1) }
  w.json(.object([("a", .array([.null, .bool(true), .number(.nan), .int(-3), .string("é")]))]))
  var r = CacheReader(w.bytes)
  let back = try r.array { r throws(CacheDecodingError) in try r.output() }
  let json = try r.json()
  #expect(back.count == outputs.count)
  for (a, b) in zip(outputs, back) {
    // NaN and infinity compare unequal to themselves in Equatable; compare the drawing instead.
    #expect("\(a)" == "\(b)")
  }
  #expect(
    json.rendered()
      == JSON.object([("a", .array([.null, .bool(true), .number(.nan), .int(-3), .string("é")]))])
      .rendered())
  #expect(r.isAtEnd)
}
