import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// Loops whose iterations show scalars, signals or evaluations, run as whole notebooks: what
/// the report's HTML and JSON show for each.

/// Runs `cells` (each the body of one `quant` block) as a notebook and returns the HTML and
/// each cell's JSON outputs (objects; a bare number shown alone becomes `["kind": "number"]`).
private func runLoops(
  _ cells: [String], settings: (Scratch) -> RunSettings = { reproducible($0.settings()) }
) throws -> (html: String, outputs: [[[String: Any]]], scratch: Scratch) {
  let scratch = Scratch()
  let text = "# Loops\n\n" + cells.map { "```quant\n\($0)\n```\n\n" }.joined()
  let outcome = try #require(
    try Runner(settings: settings(scratch)).run([scratch.notebook("loops.md", text)]).first)
  #expect(outcome.succeeded, "\(outcome.messages)")
  let html = try #require(scratch.read("out/loops.html"))
  let json = try #require(scratch.read("out/loops.json"))
  let object = try #require(
    try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  let jsonCells = try #require(object["cells"] as? [[String: Any]])
  let outputs = jsonCells.map { cell in
    ((cell["outputs"] as? [Any]) ?? []).map {
      ($0 as? [String: Any]) ?? ["kind": "number", "value": $0]
    }
  }
  return (html, outputs, scratch)
}

private let wave = "wave = signal(waveform: sine, frequency: 2, samples: 64)"

@Test func scalarLoopGivesOneTableAndAChart() throws {
  let run = try runLoops([
    wave, "for bits in [1, 2, 4, 8] {\n  quantize_signal(wave, bits: bits).sqnr\n}",
    "quantize_signal(wave, bits: 4)",
  ])
  defer { run.scratch.cleanup() }
  let outputs = run.outputs[1]
  #expect(outputs.count == 1, "one table instead of one text per iteration: \(outputs)")
  let sweep = try #require(outputs.first)
  #expect(sweep["kind"] as? String == "sweep")
  #expect(sweep["variables"] as? [String] == ["bits"])
  #expect(sweep["values"] as? [String] == ["sqnr"])
  let rows = try #require(sweep["rows"] as? [[String: Any]])
  #expect(rows.map { $0["bits"] as? Int } == [1, 2, 4, 8])
  // Each row's value is the SQNR the same quantization gives on its own.
  let sqnr = rows.compactMap { $0["sqnr"] as? Double }
  #expect(sqnr.count == 4)
  #expect(sqnr[0] == 0, "1 bit rounds every sample of the sine to 0")
  #expect(zip(sqnr, sqnr.dropFirst()).allSatisfy { $0 < $1 }, "\(sqnr)")
  #expect(
    sqnr[2] == run.outputs[2].first?["sqnr_db"] as? Double,
    "the 4-bit row is the 4-bit signal's SQNR")
  #expect(sqnr[3] - sqnr[2] > 12, "several dB per bit, even on 64 samples: \(sqnr)")
  // HTML: the table with both columns, its rows, and a line chart of sqnr against bits.
  #expect(run.html.contains("<caption>sqnr by bits</caption>"))
  #expect(
    run.html.contains(
      #"<th class="num" scope="col">bits</th><th class="num" scope="col">sqnr</th>"#))
  #expect(run.html.contains(#"<tr><td class="num">1</td><td class="num">0</td></tr>"#))
  #expect(run.html.contains("<title>sqnr against bits</title>"))
  #expect(!run.html.contains("bits = 2"), "no per-iteration text blocks")
}

@Test func twoVariableLoopHasBothKeyColumnsAndNoChart() throws {
  let loop = """
    for method in [linear, log2] {
      for bits in [2, 3, 4] {
        quantize_signal(wave, bits: bits, method: method).sqnr
        quantize_signal(wave, bits: bits, method: method).levels
      }
    }
    """
  let run = try runLoops([wave, loop])
  defer { run.scratch.cleanup() }
  let sweep = try #require(run.outputs[1].first)
  #expect(run.outputs[1].count == 1)
  #expect(sweep["variables"] as? [String] == ["method", "bits"])
  #expect(sweep["values"] as? [String] == ["sqnr", "levels"])
  let rows = try #require(sweep["rows"] as? [[String: Any]])
  #expect(rows.count == 6, "one row per inner iteration, both values in it")
  #expect(
    rows.map { $0["method"] as? String } == ["linear", "linear", "linear", "log2", "log2", "log2"])
  #expect(rows.map { $0["bits"] as? Int } == [2, 3, 4, 2, 3, 4])
  #expect(rows.prefix(3).map { $0["levels"] as? Int } == [4, 8, 16])
  #expect(
    run.html.contains(
      #"<th class="num" scope="col">method</th><th class="num" scope="col">bits</th><th "#
        + #"class="num" scope="col">sqnr</th>"#
    ))
  #expect(!run.html.contains("against bits"), "two loop variables: no chart")
}

@Test func signalLoopKeepsEachSignalAndAddsASummary() throws {
  let run = try runLoops([wave, "for bits in [2, 4] {\n  quantize_signal(wave, bits: bits)\n}"])
  defer { run.scratch.cleanup() }
  let outputs = run.outputs[1]
  #expect(outputs.map { $0["kind"] as? String } == ["signal", "signal", "signal sweep"])
  #expect(outputs.prefix(2).map { $0["title"] as? String } == ["bits = 2", "bits = 4"])
  let rows = try #require(outputs.last?["rows"] as? [[String: Any]])
  #expect(rows.map { $0["bits"] as? Int } == [2, 4])
  #expect(rows.map { $0["levels"] as? Int } == [4, 16])
  // Linear grid over [−1, 1]: scale 2 / (2^b − 1); the error never exceeds a clamped step.
  let scales = rows.compactMap { $0["scale"] as? Double }
  #expect(
    scales.count == 2 && abs(scales[0] - 2.0 / 3) < 1e-3 && abs(scales[1] - 2.0 / 15) < 1e-3,
    "\(scales)")
  for (row, scale) in zip(rows, scales) {
    let maxError = try #require(row["max_error"] as? Double)
    #expect(maxError > 0 && maxError <= scale, "\(row)")
    #expect((row["sqnr_db"] as? Double ?? 0) > 0)
  }
  #expect(run.html.contains("<caption>Summary over bits</caption>"))
  #expect(
    run.html.contains("Signal: sine, 2 periods, 4-bit linear"),
    "each iteration's signal chart stays")
}

@Test func mixedLoopKeepsItsPerIterationDisplays() throws {
  let loop = "for bits in [2, 4] {\n  q = quantize_signal(wave, bits: bits)\n  q\n  q.sqnr\n}"
  let run = try runLoops([wave, loop])
  defer { run.scratch.cleanup() }
  #expect(run.outputs[1].map { $0["kind"] as? String } == ["signal", "number", "signal", "number"])
  #expect(!run.html.contains("Summary over bits") && !run.html.contains("sqnr by bits"))
}

@Test func evaluationLoopIsUnchangedAndScalarMembersOfEvaluationsAreGathered() throws {
  let setup = """
    data = synthetic(train: 60, test: 30)
    mlp = sequential(input: 28x28x1) [
      flatten()
      dense(10, activation: softmax)
    ]
    net = train(mlp, on: data.train, epochs: 1, batch: 20, optimizer: adam(lr: 0.01))
    """
  let evaluations = "for bits in [8, 2] {\n  evaluate(quantize(net, bits: bits), on: data.test)\n}"
  let accuracies =
    "for bits in [8, 4, 2] {\n  evaluate(quantize(net, bits: bits), on: data.test).accuracy\n}"
  let run = try runLoops([setup, evaluations, accuracies])
  defer { run.scratch.cleanup() }
  // The sweep of evaluations: model, accuracy, loss, agreement per row; accuracy chart.
  let sweep = try #require(run.outputs[1].first)
  #expect(run.outputs[1].count == 1)
  #expect(sweep["kind"] as? String == "sweep" && sweep["values"] == nil)
  let rows = try #require(sweep["rows"] as? [[String: Any]])
  #expect(rows.count == 2)
  #expect(
    rows.allSatisfy {
      $0["model"] is String && $0["accuracy"] is Double && $0["agreement"] is Double
    })
  #expect(
    run.html.contains("Sweep over bits")
      && run.html.contains("<title>Accuracy against bits</title>"))
  // `.accuracy` is a fraction: the same figures as the evaluations' sweep, in percent.
  let scalar = try #require(run.outputs[2].first)
  #expect(scalar["values"] as? [String] == ["accuracy"])
  let accuracy = try #require(scalar["rows"] as? [[String: Any]])
  #expect(accuracy.map { $0["bits"] as? Int } == [8, 4, 2])
  #expect(accuracy.first?["accuracy"] as? Double == rows.first?["accuracy"] as? Double)
  #expect(accuracy.last?["accuracy"] as? Double == rows.last?["accuracy"] as? Double)
  #expect(
    run.html.contains("<title>accuracy against bits</title>") && run.html.contains(">accuracy (%)<")
  )
}

@Test func cachedLoopReportsEqualUncachedOnes() throws {
  let cells = [
    wave, "for bits in [2, 3] {\n  quantize_signal(wave, bits: bits).mse\n}",
    "for bits in [2, 3] {\n  quantize_signal(wave, bits: bits)\n}",
  ]
  let first = try runLoops(cells)
  defer { first.scratch.cleanup() }
  // Second run into the same folder: every statement comes from the cache.
  let text = try #require(FileManager.default.contents(atPath: first.scratch.path + "/loops.md"))
  let settings = reproducible(first.scratch.settings())
  _ = try Runner(settings: settings).run([first.scratch.path + "/loops.md"])
  let cached = try #require(first.scratch.read("out/loops.html"))
  var uncached = settings
  uncached.useCache = false
  uncached.outputFolder = first.scratch.path + "/full"
  _ = try Runner(settings: uncached).run([first.scratch.path + "/loops.md"])
  #expect(!text.isEmpty)
  #expect(cached == first.html)
  #expect(first.scratch.read("full/loops.html") == cached)
  #expect(cached.contains("mse by bits") && cached.contains("Summary over bits"))
}
