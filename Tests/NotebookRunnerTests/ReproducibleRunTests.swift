import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// Reports do not depend on the host or on how fast it ran: the machine description is
/// injected, and with `SOURCE_DATE_EPOCH` (injected through the settings' environment) two
/// runs write identical bytes, measured times going to `NAME.timings.json` only.
@Suite struct ReproducibleRunTests {
  /// Trains (so `.history.seconds` and the training table's times exist), then times models.
  static let timedNotebook = """
    ---
    title: Timed
    seed: 3
    ---

    # Timed

    Training took `= net.history.seconds`; accuracy `= net.history.final_accuracy`.

    ```quant
    data = synthetic(train: 120, test: 60)
    cnn = sequential(input: 28x28x1) [
      conv2d(4, kernel: 3, activation: relu)
      maxpool(2)
      flatten()
      dense(10, activation: softmax)
    ]
    net = train(cnn, on: data.train, epochs: 2, batch: 30, optimizer: adam(lr: 0.003))
    net.history.seconds
    ```

    ```quant
    q = quantize(net, bits: 8)
    speed(net, q, on: subset(data.test, count: 30), batch: 10)
    ```

    """

  /// Every file under `folder` (relative path -> bytes), skipping the step cache.
  static func files(in folder: String) -> [String: Data] {
    var found: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder)
    while let relative = enumerator?.nextObject() as? String {
      if relative.hasPrefix(".cache") { continue }
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isFolder),
        !isFolder.boolValue
      else { continue }
      found[relative] = FileManager.default.contents(atPath: folder + "/" + relative)
    }
    return found
  }

  @Test func twoReproducibleRunsWriteIdenticalBytes() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    let path = scratch.notebook("timed.md", Self.timedNotebook)
    var written: [[String: Data]] = []
    for run in 0..<2 {
      var settings = scratch.settings(["SOURCE_DATE_EPOCH": "1700000000"])
      settings.outputFolder = scratch.path + "/out\(run)"
      settings.useCache = false  // both runs measure afresh
      let outcomes = try Runner(settings: settings).run([path])
      let messages = outcomes.flatMap { $0.messages }
      #expect(outcomes.count == 1 && outcomes[0].succeeded, "\(messages)")
      written.append(Self.files(in: settings.outputFolder))
    }
    #expect(
      Set(written[0].keys) == ["timed.html", "timed.json", "timed.timings.json", "index.html"])
    for name in written[0].keys.sorted() where name != "timed.timings.json" {
      #expect(written[0][name] == written[1][name], "\(name) differs between two reproducible runs")
    }
    let html = String(decoding: try #require(written[0]["timed.html"]), as: UTF8.self)
    let json = String(decoding: try #require(written[0]["timed.json"]), as: UTF8.self)
    // The measured values are marked, in the report and its JSON, wherever they were shown:
    // the inline value, the value, and 4 speed cells.
    #expect(html.components(separatedBy: Timings.placeholder).count - 1 >= 6)
    #expect(json.contains("\"value\": \"\(Timings.placeholder)\""))
    #expect(!html.contains("images/s</th>") || html.contains(Timings.placeholder))
    // ... and kept, as measured, in the timings file.
    let timingsData = try #require(written[0]["timed.timings.json"])
    let timings = try #require(
      try JSONSerialization.jsonObject(with: timingsData) as? [String: Any])
    let inline = try #require(timings["inline"] as? [[String: Any]])
    #expect(inline.count == 1 && (inline.first?["expression"] as? String) == "net.history.seconds")
    let measured = inline.first?["value"] as? String
    #expect(
      measured != nil && measured != Timings.placeholder && measured?.first?.isNumber == true,
      "\(inline)")
    let cells = try #require(timings["cells"] as? [[String: Any]])
    #expect(cells.count == 2)
    let speedOutputs = try #require(cells.last?["outputs"] as? [[String: Any]])
    let rows = try #require(speedOutputs.first?["rows"] as? [[String]])
    #expect(rows.count == 2 && rows.allSatisfy { !$0.contains(Timings.placeholder) })
  }

  @Test func aNormalRunShowsItsTimesAndWritesNoTimingsFile() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    let path = scratch.notebook("timed.md", Self.timedNotebook)
    let outcomes = try Runner(settings: scratch.settings()).run([path])
    let messages = outcomes.flatMap { $0.messages }
    #expect(outcomes.count == 1 && outcomes[0].succeeded, "\(messages)")
    let html = try #require(scratch.read("out/timed.html"))
    #expect(!html.contains(Timings.placeholder))
    #expect(html.contains("Inference speed on"))  // the speed chart
    #expect(!scratch.exists("out/timed.timings.json"))
  }

  @Test func reportsDifferOnlyInTheInjectedHostDescription() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    let path = scratch.notebook("small.md", smallNotebook)
    let hosts = [
      HostDescription(cpuFeatures: ["alpha-cpu", "AVX2"], threads: 3, engineVersion: "9.8.7"),
      HostDescription(
        cpuFeatures: ["beta-cpu", "VNNI present (not used)"], threads: 5, engineVersion: "9.8.8"),
    ]
    var html: [String] = []
    var json: [[String: Any]] = []
    for (i, host) in hosts.enumerated() {
      var settings = scratch.settings(["SOURCE_DATE_EPOCH": "1700000000"], host: host)
      settings.outputFolder = scratch.path + "/out\(i)"
      _ = try Runner(settings: settings).run([path])
      html.append(try #require(scratch.read("out\(i)/small.html")))
      let data = try #require(
        FileManager.default.contents(atPath: settings.outputFolder + "/small.json"))
      json.append(try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
    }
    // Line by line, the pages differ exactly where they state the host.
    let lines = html.map { $0.split(separator: "\n", omittingEmptySubsequences: false) }
    #expect(lines[0].count == lines[1].count)
    let differing = zip(lines[0], lines[1]).filter { $0.0 != $0.1 }
    #expect(!differing.isEmpty)
    for (a, b) in differing {
      let aboutHost =
        ["alpha-cpu", ">3<", "9.8.7"].contains { a.contains($0) }
        && ["beta-cpu", ">5<", "9.8.8"].contains { b.contains($0) }
      #expect(aboutHost, "a line that is not host metadata differs:\n\(a)\n\(b)")
    }
    #expect(html[1].contains("beta-cpu, VNNI present (not used)"))
    #expect(
      (json[0]["cpu"] as? [String]) == ["alpha-cpu", "AVX2"] && (json[1]["threads"] as? Int) == 5)
    for key in ["cpu", "threads", "quantbook"] {
      json[0][key] = nil
      json[1][key] = nil
    }
    let rendered = try json.map {
      try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys])
    }
    #expect(rendered[0] == rendered[1])
  }
}
