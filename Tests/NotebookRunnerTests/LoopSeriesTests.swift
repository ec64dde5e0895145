import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// Loops whose tables and charts must say what they show: one chart series per model the
/// loop body evaluates, and loop variables that keep their values when named like a column.

/// Runs one notebook of `cells` on synthetic data; its HTML and the sweep rows of `cell`.
private func runSweep(_ cells: [String], cell: Int) throws -> (
  html: String, rows: [[String: Any]], scratch: Scratch
) {
  let scratch = Scratch()
  let text = "# Loops\n\n" + cells.map { "```quant\n\($0)\n```\n\n" }.joined()
  let outcome = try #require(
    try Runner(settings: reproducible(scratch.settings())).run([scratch.notebook("s.md", text)])
      .first)
  #expect(outcome.succeeded, "\(outcome.messages)")
  let html = try #require(scratch.read("out/s.html"))
  let json = try #require(scratch.read("out/s.json"))
  let object = try #require(
    try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  let jsonCells = try #require(object["cells"] as? [[String: Any]])
  let outputs = try #require(jsonCells[cell]["outputs"] as? [[String: Any]])
  let sweep = try #require(outputs.first { $0["kind"] as? String == "sweep" })
  let rows = try #require(sweep["rows"] as? [[String: Any]])
  return (html, rows, scratch)
}

private let setup = """
  data = synthetic(train: 60, test: 30)
  mlp = sequential(input: 28x28x1) [
    flatten()
    dense(10, activation: softmax)
  ]
  net = train(mlp, on: data.train, epochs: 1, batch: 20, optimizer: adam(lr: 0.01))
  """

/// The SVG of the chart whose `<title>` is `title`.
private func chart(_ title: String, in html: String) -> String {
  guard let start = html.range(of: "<title>\(title)</title>"),
    let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex)
  else { return "" }
  return String(html[start.upperBound..<end.lowerBound])
}

/// The names in the legend of the chart whose `<title>` is `title`.
private func legend(of title: String, in html: String) -> [String] {
  let svg = chart(title, in: html)
  let pattern = try! NSRegularExpression(
    pattern: #"(?s)<g class="legend-item s\d+">.*?<text[^>]*>([^<]*)</text></g>"#)
  return pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).compactMap {
    Range($0.range(at: 1), in: svg).map { String(svg[$0]) }
  }
}

@Test func twoEvaluationsInOneLoopBodyAreTwoNamedSeries() throws {
  let loop = """
    for bits in [8, 4, 2] {
      q = quantize(net, bits: bits)
      evaluate(q, on: data.test)
      evaluate(net, on: data.test)
    }
    """
  let run = try runSweep([setup, loop], cell: 1)
  defer { run.scratch.cleanup() }
  #expect(run.rows.count == 6)
  // One line per model as the loop names it, not one per label ("q (8-bit linear)", ...)
  // and not one line zig-zagging between the two models.
  #expect(legend(of: "Accuracy against bits", in: run.html) == ["q", "net"], "\(run.html.count)")
  #expect(run.rows.map { $0["bits"] as? Int } == [8, 8, 4, 4, 2, 2])
}

@Test func evaluatedCallIsOneSeriesWhateverTheLoopChanges() throws {
  let loop = "for bits in [8, 2] {\n  evaluate(quantize(net, bits: bits), on: data.test)\n}"
  let run = try runSweep([setup, loop], cell: 1)
  defer { run.scratch.cleanup() }
  // One series (a lone series has no legend): the label changes with bits, the call does not.
  let svg = chart("Accuracy against bits", in: run.html)
  #expect(svg.components(separatedBy: #"<g class="series s"#).count == 2, "\(svg)")
}

@Test func loopVariablesNamedLikeColumnsKeepTheirValues() throws {
  let schemes = """
    for scheme in [symmetric, asymmetric] {
      evaluate(quantize(net, bits: 4, scheme: scheme), on: data.test)
    }
    """
  let models = "for model in [8, 2] {\n  evaluate(quantize(net, bits: model), on: data.test)\n}"
  var run = try runSweep([setup, schemes, models], cell: 1)
  defer { run.scratch.cleanup() }
  #expect(run.rows.map { $0["scheme"] as? String } == ["symmetric", "asymmetric"])
  #expect(run.rows.allSatisfy { ($0["scheme_result"] as? String)?.isEmpty == false }, "\(run.rows)")
  let html = run.html
  run = try runSweep([setup, schemes, models], cell: 2)
  defer { run.scratch.cleanup() }
  #expect(run.rows.map { $0["model"] as? Int } == [8, 2])
  #expect(
    run.rows.allSatisfy { ($0["model_result"] as? String)?.hasPrefix("quantize") == true },
    "\(run.rows)")
  #expect(
    run.html.contains(#"<th class="num" scope="col">model</th><th scope="col">model (result)</th>"#)
  )
  #expect(html.contains(#"<td class="num">symmetric</td>"#))
}

@Test func scalarAndSignalFiguresNamedLikeTheLoopVariableAreQualified() throws {
  let wave = "wave = signal(waveform: sine, frequency: 2, samples: 64)"
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let text =
    "# S\n\n```quant\n\(wave)\n```\n\n```quant\nfor scale in [2, 4] {\n  quantize_signal(wave, "
    + "bits: scale)\n}\n```\n\n"
    + "```quant\nfor sqnr in [2, 4] {\n  quantize_signal(wave, bits: sqnr).sqnr\n}\n```\n"
  let outcome = try #require(
    try Runner(settings: reproducible(scratch.settings())).run([scratch.notebook("s.md", text)])
      .first)
  #expect(outcome.succeeded, "\(outcome.messages)")
  let json = try #require(scratch.read("out/s.json"))
  let object = try #require(
    try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  let cells = try #require(object["cells"] as? [[String: Any]])
  let signal = try #require(
    (cells[1]["outputs"] as? [[String: Any]])?.last?["rows"] as? [[String: Any]])
  #expect(signal.map { $0["scale"] as? Int } == [2, 4])
  #expect(signal.allSatisfy { $0["scale_result"] is Double })
  let scalar = try #require((cells[2]["outputs"] as? [[String: Any]])?.first)
  #expect(scalar["values"] as? [String] == ["sqnr (result)"])
  let rows = try #require(scalar["rows"] as? [[String: Any]])
  #expect(rows.map { $0["sqnr"] as? Int } == [2, 4])
  #expect(rows.allSatisfy { $0["sqnr (result)"] is Double })
}
