import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// `export(model, to:, check:)` writes the ONNX file (and its check folder) in the output
/// folder for each kind of model; the numbers are checked in ONNX Runtime by the oracle.
@Suite struct ExportStepTests {
  static let notebook = """
    # Export

    ```quant
    data = synthetic(train: 120, test: 40)
    cnn = sequential(input: 28x28x1) [
      conv2d(4, kernel: 3, activation: relu)
      maxpool(2)
      flatten()
      dense(10, activation: softmax)
    ]
    net = train(cnn, on: data.train, epochs: 1, batch: 30, optimizer: adam(lr: 0.003))
    q8 = quantize(net, bits: 8, mode: weights_and_activations, activation_bits: 8)
    int8 = convert(q8)
    export(net, to: "float.onnx")
    export(q8, to: "models/qdq.onnx", check: data.test)
    where = export(int8, to: "int8.onnx", check: data.test)
    where
    ```

    """

  @Test func writesEachKindWithItsCheckData() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    let path = scratch.notebook("export.md", Self.notebook)
    let outcomes = try Runner(settings: scratch.settings()).run([path])
    #expect(outcomes.count == 1 && outcomes[0].succeeded, "\(outcomes.flatMap(\.messages))")
    let files = ReproducibleRunTests.files(in: scratch.path + "/out")
    for name in ["float.onnx", "models/qdq.onnx", "int8.onnx"] {
      let bytes = try #require(files[name], "\(name) written")
      #expect(bytes.first == 0x08 && bytes.count > 1000, "\(name) starts with ir_version")
    }
    #expect(files.keys.filter { $0.hasPrefix("float.check") }.isEmpty, "no check: no folder")
    for name in ["pixels.pb", "labels.pb", "predictions.pb"] {
      #expect(files["models/qdq.check/" + name] != nil)
      #expect(files["int8.check/" + name] != nil)
    }
    // conv, max pool, flatten, dense: four layers, five code tensors.
    for i in 0..<4 { #expect(files["int8.check/layer-\(i).onnx"] != nil) }
    for i in 0...4 { #expect(files["int8.check/codes-\(i).pb"] != nil) }
    #expect(files["int8.check/layer-4.onnx"] == nil)
    let json = String(decoding: try #require(files["export.json"]), as: UTF8.self)
    #expect(json.contains("int8.onnx"), "the step returns the path written")
    // Exported again without check:, the old check folder goes.
    let again = scratch.notebook(
      "again.md",
      Self.notebook.replacingOccurrences(
        of: "\"int8.onnx\", check: data.test", with: "\"int8.onnx\""))
    _ = try Runner(settings: scratch.settings()).run([again])
    let after = ReproducibleRunTests.files(in: scratch.path + "/out")
    #expect(after["int8.onnx"] != nil)
    #expect(after.keys.filter { $0.hasPrefix("int8.check/") }.isEmpty)
  }
}
