import Foundation
import StepLanguage
import TestSupport
import Testing

@testable import NotebookRunner

@Test func runWritesReportJSONAndIndex() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("small.md", smallNotebook)
  let outcomes = try Runner(settings: scratch.settings()).run([path])
  #expect(outcomes.count == 1)
  #expect(outcomes[0].succeeded, "\(outcomes[0].messages)")
  let html = try #require(scratch.read("out/small.html"))
  #expect(
    html.contains("Small &lt;run&gt; &amp; &quot;check&quot;")
      || html.contains("Small &lt;run&gt; &amp; \"check\""))
  #expect(!html.contains("<run>"))
  #expect(html.contains("Sweep over bits"))
  let json = try #require(scratch.read("out/small.json"))
  let object = try #require(
    try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  #expect(object["status"] as? String == "ok")
  let cells = try #require(object["cells"] as? [[String: Any]])
  #expect(cells.count == 2)
  let sweep = try #require((cells[1]["outputs"] as? [[String: Any]])?.first)
  #expect(sweep["kind"] as? String == "sweep")
  #expect((sweep["rows"] as? [[String: Any]])?.count == 2)
  let inline = try #require(object["inline"] as? [[String: Any]])
  #expect((inline.first?["value"] as? String)?.hasSuffix("%") == true)
  #expect(scratch.read("out/index.html")?.contains("small.html") == true)
}

@Test func staticErrorsRunNothingAndWriteNothing() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook(
    "typo.md", "# T\n\n```quant\ndata = synthetic(train: 10, tset: 5)\nx = nothing\n```\n")
  let outcome = try #require(try Runner(settings: scratch.settings()).run([path]).first)
  #expect(!outcome.succeeded)
  #expect(outcome.reportPath == nil)
  #expect(!scratch.exists("out/typo.html"))
  let all = outcome.messages.joined(separator: "\n")
  #expect(all.contains("typo.md:4:"))
  #expect(all.contains("tset"))
  #expect(all.contains("typo.md:5:"), "every error is reported, not only the first")
}

@Test func unknownParameterOverrideIsAnError() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("p.md", smallNotebook)
  // No notebook of the run declares it: a usage error naming the flag (exit 2), not a run.
  #expect(
    throws: RunnerError.usage(
      flag: "--param epoch=2",
      message: "the notebook does not declare 'epoch'; did you mean 'epochs'?")
  ) {
    _ = try Runner(settings: scratch.settings(overrides: ["epoch=2"])).check([path])
  }
}

@Test func runtimeFailureIsShownInPlaceAndLaterCellsDoNotRun() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let text =
    "# F\n\n```quant\ndata = synthetic(train: 10, test: 5)\nsmall = subset(data.train, count: "
    + "50)\n```\n\n```quant\nsamples(data.test)\n```\n"
  let outcome = try #require(
    try Runner(settings: scratch.settings()).run([scratch.notebook("f.md", text)]).first)
  #expect(!outcome.succeeded)
  #expect(outcome.messages.joined().contains("f.md:5:9: error: subset of 50 images"))
  let html = try #require(scratch.read("out/f.html"))
  #expect(html.contains("subset of 50 images"))
  #expect(html.contains("Not run: an earlier cell failed."))
  #expect(scratch.read("out/f.json")?.contains("\"status\": \"failed\"") == true)
}

@Test func divergingTrainingStopsWithAHint() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let text = """
    # NaN

    ```quant
    data = synthetic(train: 200, test: 50)
    m = sequential(input: 28x28x1) [
      flatten()
      dense(64)
      dense(10)
    ]
    net = train(m, on: data.train, epochs: 5, optimizer: sgd(lr: 10), loss: mse)
    ```

    """
  let outcome = try #require(
    try Runner(settings: scratch.settings()).run([scratch.notebook("nan.md", text)]).first)
  #expect(!outcome.succeeded)
  let message = outcome.messages.joined()
  #expect(message.contains("nan.md:10:7: error: the loss became NaN"))
  #expect(message.lowercased().contains("learning rate"))
}

@Test func unwritableOutputFolderIsAClearError() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("small.md", smallNotebook)
  let blocker = scratch.notebook("file-not-folder", "x")
  var settings = scratch.settings()
  settings.outputFolder = blocker
  #expect(throws: RunnerError.unwritable(path: blocker, reason: "it is a file, not a folder")) {
    _ = try Runner(settings: settings).run([path])
  }
}

@Test func missingAndCorruptDataAreClearErrors() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let empty = scratch.path + "/nodata"
  try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
  let path = scratch.notebook(
    "d.md", "# D\n\n```quant\ndata = fashion_mnist(train: 10, test: 10)\n```\n")
  var settings = scratch.settings()
  settings.dataFolder = empty
  var outcome = try #require(try Runner(settings: settings).run([path]).first)
  #expect(!outcome.succeeded)
  #expect(outcome.messages.joined().contains("apt-get install dataset-fashion-mnist"))

  // Four files present, one of them cut short.
  let corrupt = scratch.path + "/corrupt"
  try FileManager.default.createDirectory(atPath: corrupt, withIntermediateDirectories: true)
  let header: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28]
  for name in ["train-images-idx3-ubyte", "t10k-images-idx3-ubyte"] {
    #expect(
      FileManager.default.createFile(
        atPath: corrupt + "/" + name, contents: Data(header + [1, 2, 3])))
  }
  for name in ["train-labels-idx1-ubyte", "t10k-labels-idx1-ubyte"] {
    #expect(
      FileManager.default.createFile(
        atPath: corrupt + "/" + name, contents: Data([0, 0, 8, 1, 0, 0, 0, 2, 1, 2])))
  }
  settings.dataFolder = corrupt
  outcome = try #require(try Runner(settings: settings).run([path]).first)
  #expect(!outcome.succeeded)
  let message = outcome.messages.joined()
  #expect(message.contains("train-images-idx3-ubyte"))
  #expect(message.contains("truncated"))
}

@Test func sourceDateEpochMakesReportsByteIdentical() throws {
  let first = Scratch()
  let second = Scratch()
  defer {
    first.cleanup()
    second.cleanup()
  }
  let environment = ["SOURCE_DATE_EPOCH": "1700000000"]
  for scratch in [first, second] {
    let path = scratch.notebook("small.md", smallNotebook)
    var settings = scratch.settings(environment)
    settings.outputFolder = scratch.path + "/out"
    _ = try Runner(settings: settings).run([path])
  }
  for file in ["out/small.html", "out/small.json", "out/index.html"] {
    let a = try #require(first.read(file))
    let b = try #require(second.read(file))
    // The notebook's own path differs between the two folders; everything else must not.
    #expect(
      a.replacingOccurrences(of: first.path, with: "X")
        == b.replacingOccurrences(of: second.path, with: "X"), "\(file)")
  }
}

/// The registry and the runner agree: every step the checker accepts can run.
@Test func everyRegisteredStepHasAnImplementation() {
  let registered = Set(StepRegistry.standard.steps.map(\.name))
  let implemented = Set(StepLibrary.implementations.keys)
  #expect(registered.subtracting(implemented).sorted() == [])
  #expect(implemented.subtracting(registered).sorted() == [])
}

/// `save` then `load` gives the same model: same predictions, same accuracy; a damaged file
/// is an error at the `load` call.
@Test func saveAndLoadRoundTrip() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let text = """
    # Files

    ```quant
    data = synthetic(train: 100, test: 50)
    m = sequential(input: 28x28x1) [
      flatten()
      dense(10, activation: softmax)
    ]
    net = train(m, on: data.train, optimizer: sgd(lr: 0.1))
    path = save(net, to: "net.qbm")
    back = load("net.qbm")
    compare(net, back, on: data.test)
    ```

    """
  let outcome = try #require(
    try Runner(settings: scratch.settings()).run([scratch.notebook("files.md", text)]).first)
  #expect(outcome.succeeded, "\(outcome.messages)")
  let json = try #require(scratch.read("out/files.json"))
  #expect(json.contains("\"agreement\": 1"))

  var bytes = [UInt8](FileManager.default.contents(atPath: scratch.path + "/out/net.qbm")!)
  bytes[bytes.count / 2] ^= 0xFF
  #expect(
    FileManager.default.createFile(atPath: scratch.path + "/out/broken.qbm", contents: Data(bytes)))
  let broken = "# B\n\n```quant\nm = load(\"broken.qbm\")\n```\n"
  let failed = try #require(
    try Runner(settings: scratch.settings()).run([scratch.notebook("b.md", broken)]).first)
  #expect(!failed.succeeded)
  #expect(failed.messages.joined().contains("broken.qbm"))
}
