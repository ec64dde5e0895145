import Foundation
import TensorEngine
import TestSupport
import Testing

@testable import NotebookRunner

/// Ten small word lists in a scratch folder, one per language, that a recurrent network can
/// tell apart: each language favours three letters of its own. 9,300 distinct words each (the
/// word set needs 9,000 per language after the cross-language duplicates are dropped).
func writeSyntheticWordLists(_ scratch: Scratch) -> String {
  let folder = scratch.path + "/words"
  try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  let letters = Array("abcdefghijklmnopqrstuvwxyz")
  for (l, language) in WordLanguage.allCases.enumerated() {
    var random = SplitMix64(state: UInt64(100 + l))
    var seen = Set<String>()
    var lines: [String] = []
    let favoured = [letters[l], letters[l + 10], letters[(l * 7 + 3) % 26]]
    while lines.count < 9300 {
      let length = 5 + Int(random.next() % 8)
      let word = String(
        (0..<length).map { _ in
          random.next() % 10 < 6
            ? favoured[Int(random.next() % 3)] : letters[Int(random.next() % 26)]
        })
      if seen.insert(word).inserted { lines.append(word) }
    }
    let text = lines.joined(separator: "\n") + "\n"
    _ = FileManager.default.createFile(
      atPath: folder + "/" + language.fileName, contents: Data(text.utf8))
  }
  return folder
}

/// Rows of the JSON table outputs whose caption starts with `prefix`, in cell order.
private func tables(_ json: [String: Any], captionPrefix prefix: String) -> [[[String]]] {
  let cells = json["cells"] as? [[String: Any]] ?? []
  return cells.flatMap { cell in
    (cell["outputs"] as? [[String: Any]] ?? []).compactMap { output -> [[String]]? in
      guard output["kind"] as? String == "table",
        (output["caption"] as? String)?.hasPrefix(prefix) == true
      else { return nil }
      return output["rows"] as? [[String]]
    }
  }
}

private func metrics(_ json: [String: Any], model: String) -> [String: Any]? {
  let cells = json["cells"] as? [[String: Any]] ?? []
  for cell in cells {
    for output in cell["outputs"] as? [[String: Any]] ?? []
    where output["kind"] as? String == "metrics" && output["model"] as? String == model {
      return output
    }
  }
  return nil
}

let recurrentNotebook = """
  ---
  title: Recurrent quantization
  seed: 3
  ---

  # Words

  Integer `= on_i4.accuracy`.

  ```quant
  data = words(train: 600, test: 200)
  describe(data)
  m = sequential(tokens: 16) [
    embedding(8)
    gru(16)
    dense(10, activation: softmax)
  ]
  g = train(m, on: data.train, epochs: 3, batch: 20, optimizer: adam(lr: 0.01))
  evaluate(g, on: data.test)
  w8 = quantize(g, bits: 8)
  errors(w8)
  q8 = quantize(g, bits: 8, mode: weights_and_activations)
  q4 = quantize(g, bits: 4, mode: weights_and_activations)
  evaluate(q8, on: data.test)
  i8 = convert(q8)
  i4 = convert(q4)
  evaluate(i8, on: data.test)
  on_i4 = evaluate(i4, on: data.test)
  compare(q8, i8, on: data.test)
  gates(q4, on: data.test, count: 100)
  sensitivity(g, on: data.test, bits: 4)
  speed(g, i8, on: data.test, batch: 1)
  t4 = qat(g, bits: 4, mode: weights_and_activations, on: data.train, epochs: 1, batch: 20, \
  optimizer: adam(lr: 0.001))
  evaluate(t4, on: data.test)
  misclassified(i8, on: data.test, count: 5)
  ```

  """

@Suite(.serialized) struct RecurrentQuantizationRunTests {
  @Test func stepsRunOnAWordModel() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    var settings = scratch.settings()
    settings.dataFolder = writeSyntheticWordLists(scratch)
    let path = scratch.notebook("rnn.md", recurrentNotebook)
    let outcome = try #require(try Runner(settings: settings).run([path]).first)
    #expect(outcome.succeeded, "\(outcome.messages)")
    let text = try #require(scratch.read("out/rnn.json"))
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let float = try #require(metrics(json, model: "g")?["accuracy"] as? Double)
    #expect(float > 0.5, "the synthetic languages are learnable")
    // Weights only: the embedding, W, U and the head are all quantized (4 records).
    let errorRows = tables(json, captionPrefix: "Quantization error per layer: w8")
    #expect(
      errorRows.first?.map { $0[0] } == [
        "1. embedding", "2. gru W (input)",
        "2. gru U (recurrent)", "3. dense",
      ])
    // The integer engine follows its simulation and the float model.
    let integer = try #require(metrics(json, model: "i8"))
    let simulated = try #require(metrics(json, model: "q8")?["accuracy"] as? Double)
    #expect(try #require(integer["agreement with simulation (first 200 words)"] as? Double) > 0.95)
    #expect(abs(try #require(integer["accuracy"] as? Double) - simulated) < 0.05)
    #expect(abs(simulated - float) < 0.05)
    #expect(try #require(integer["h codes equal to simulation (first 200 words)"] as? Double) > 0.8)
    #expect(integer["words"] as? Int == nil)  // the JSON keeps its "images" key
    // Per-gate table: z, r, ĥ and h; sensitivity lists the three layers.
    let gates = try #require(tables(json, captionPrefix: "Gates of q4").first)
    #expect(gates.map { $0[0].prefix(1) } == ["z", "r", "ĥ", "h"])
    let sensitivity = try #require(tables(json, captionPrefix: "Sensitivity of g").first)
    #expect(sensitivity.map { $0[0] } == ["1. embedding", "2. gru", "3. dense"])
    // Words, not images.
    let html = try #require(scratch.read("out/rnn.html"))
    #expect(html.contains("words/s"))
    #expect(html.contains("mean letters"))
    let speedColumns =
      (json["cells"] as? [[String: Any]] ?? []).flatMap {
        ($0["outputs"] as? [[String: Any]] ?? []).filter {
          ($0["caption"] as? String)?.hasPrefix("Inference speed") == true
        }
      }.first?["columns"] as? [String]
    #expect(speedColumns == ["model", "words", "ms", "words/s"])
    #expect(!html.contains("mean pixel"))
    #expect(html.contains("Error of the state h against the time step"))
    #expect(metrics(json, model: "t4")?["accuracy"] is Double)
  }
}
