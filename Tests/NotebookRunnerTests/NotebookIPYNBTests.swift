import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// `quantbook run --to ipynb`: NAME.ipynb beside the report, in nbformat 4.5's structure
/// (the oracle script validates the same files against the official schema with `nbformat`).
@Suite struct NotebookIPYNBTests {
  static let notebook = """
    ---
    title: Cells
    author: Ada
    seed: 4
    params:
      epochs: 1
    ---

    # Cells

    The loss is $L = -\\sum_i y_i \\log p_i$ and accuracy `= base.accuracy`
    (so $a = \\val{base.accuracy}$).

    ```quant
    #| caption: Training
    data = synthetic(train: 120, test: 60)
    cnn = sequential(input: 28x28x1) [
      conv2d(4, kernel: 3, activation: relu)
      maxpool(2)
      flatten()
      dense(10, activation: softmax)
    ]
    net = train(cnn, on: data.train, epochs: epochs, batch: 30, optimizer: adam(lr: 0.003))
    base = evaluate(net, on: data.test)
    base
    ```

    Last words.

    """

  /// Runs `notebook` with `--to html,ipynb` and returns the written folder's files.
  static func run(_ environment: [String: String] = [:], _ scratch: Scratch, _ out: String)
    throws -> [String: Data]
  {
    let path = scratch.notebook("cells.md", notebook)
    var settings = scratch.settings(environment)
    settings.outputFolder = scratch.path + "/" + out
    settings.formats = try ReportFormat.parse(["html,ipynb"])
    settings.useCache = false
    let outcomes = try Runner(settings: settings).run([path])
    #expect(outcomes.count == 1 && outcomes[0].succeeded, "\(outcomes.flatMap(\.messages))")
    return ReproducibleRunTests.files(in: settings.outputFolder)
  }

  @Test func writesNotebookWithCellsOutputsAndMetadata() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    let files = try Self.run([:], scratch, "out")
    let data = try #require(files["cells.ipynb"])
    #expect(files["cells.html"] != nil)
    let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(document["nbformat"] as? Int == 4)
    #expect(document["nbformat_minor"] as? Int == 5)
    let cells = try #require(document["cells"] as? [[String: Any]])
    #expect(cells.map { $0["cell_type"] as? String } == ["markdown", "code", "markdown"])
    let ids = cells.compactMap { $0["id"] as? String }
    #expect(ids == ["cell-1", "cell-2", "cell-3"])
    func text(_ value: Any?) -> String { (value as? [String])?.joined() ?? "" }
    let prose = text(cells[0]["source"])
    #expect(prose.contains("$L = -\\sum_i y_i \\log p_i$"), "math kept for MathJax")
    #expect(!prose.contains("= base.accuracy"), "inline expression replaced: \(prose)")
    #expect(prose.contains("\\text{"), "\\val replaced by \\text: \(prose)")
    let code = cells[1]
    #expect(text(code["source"]).hasPrefix("data = synthetic(train: 120, test: 60)\n"))
    #expect(code["execution_count"] as? Int == 1)
    let options = (code["metadata"] as? [String: Any])?["quantbook"] as? [String: Any]
    #expect(options?["caption"] as? String == "Training")
    let outputs = try #require(code["outputs"] as? [[String: Any]])
    #expect(!outputs.isEmpty)
    var sawSVG = false
    for output in outputs {
      #expect(output["output_type"] as? String == "display_data")
      let bundle = try #require(output["data"] as? [String: Any])
      #expect(!text(bundle["text/html"]).isEmpty && !text(bundle["text/plain"]).isEmpty)
      if let svg = bundle["image/svg+xml"] {
        sawSVG = true
        #expect(text(svg).hasPrefix("<svg"))
      }
    }
    #expect(sawSVG, "training curves are charts, given as SVG")
    let metadata = try #require(document["metadata"] as? [String: Any])
    #expect((metadata["kernelspec"] as? [String: Any])?["language"] as? String == "quant")
    #expect((metadata["language_info"] as? [String: Any])?["name"] as? String == "quant")
    let quantbook = try #require(metadata["quantbook"] as? [String: Any])
    let front = try #require(quantbook["front_matter"] as? [String: Any])
    #expect(front["title"] as? String == "Cells" && front["author"] as? String == "Ada")
    #expect((quantbook["parameters"] as? [String: Any])?["epochs"] as? String == "1")
  }

  @Test func reproducibleRunsWriteIdenticalNotebooks() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    let epoch = ["SOURCE_DATE_EPOCH": "1700000000"]
    let first = try Self.run(epoch, scratch, "a")["cells.ipynb"]
    let second = try Self.run(epoch, scratch, "b")["cells.ipynb"]
    #expect(first != nil && first == second)
  }

  @Test func withoutIpynbNoNotebookIsWritten() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    let path = scratch.notebook("cells.md", Self.notebook)
    _ = try Runner(settings: scratch.settings()).run([path])
    #expect(ReproducibleRunTests.files(in: scratch.path + "/out")["cells.ipynb"] == nil)
  }

  @Test func formatsParse() throws {
    #expect(try ReportFormat.parse([]) == [.html])
    #expect(try ReportFormat.parse(["ipynb"]) == [.html, .ipynb])
    #expect(try ReportFormat.parse(["html,ipynb", "ipynb"]) == [.html, .ipynb])
    #expect(throws: RunnerError.self) { try ReportFormat.parse(["pdf"]) }
    #expect(throws: RunnerError.self) { try ReportFormat.parse(["html,"]) }
  }

  @Test func inlineValuesAreEscapedForTeX() {
    #expect(NotebookIPYNB.texEscaped("91.5% & #1_a") == "91.5\\% \\& \\#1\\_a")
  }
}
