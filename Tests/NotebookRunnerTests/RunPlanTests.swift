import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// Runs over several notebooks: `--param` shared out among the notebooks that declare it,
/// usage errors for flags nothing can use, data folders checked before anything runs, and one
/// report per notebook even when two share a file name.

private func notebook(_ params: [String: String], code: String = "x = 1\nx") -> String {
  let block =
    params.isEmpty
    ? ""
    : "params:\n" + params.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)\n" }.joined()
  return "---\ntitle: T\n\(block)---\n\n# T\n\n```quant\n\(code)\n```\n"
}

@Test func paramAppliesToTheNotebooksThatDeclareItAndIsNotedForTheOthers() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let a = scratch.notebook(
    "a.md", notebook(["train": "60000", "epochs": "2"], code: "x = [train, epochs]\nx"))
  let b = scratch.notebook("b.md", notebook(["train": "60000"], code: "x = train\nx"))
  let outcomes = try Runner(settings: scratch.settings(overrides: ["train=2000", "epochs=1"]))
    .check([scratch.path])
  #expect(outcomes.map(\.path) == [a, b])
  #expect(outcomes.allSatisfy { $0.succeeded }, "\(outcomes.map(\.messages))")
  #expect(outcomes[0].messages.isEmpty, "\(outcomes[0].messages)")
  #expect(
    outcomes[1].messages == [
      "\(b): note: --param epochs=1 does not apply: this notebook declares no parameter 'epochs'"
    ])
  // The overrides are applied: the run's values are the command line's.
  let plan = try Runner(settings: scratch.settings(overrides: ["train=2000", "epochs=1"])).plan([
    scratch.path
  ])
  #expect(plan.map(\.overrides) == [["train=2000", "epochs=1"], ["train=2000"]])
}

@Test(arguments: [
  (["epochs"], "--param epochs", "there is no '='"),
  (["=3"], "--param =3", "name before '=' is empty"),
  ([" =3"], "--param  =3", "name before '=' is empty"),
  (
    ["epoch=1"], "--param epoch=1",
    "no notebook of the run declares 'epoch'; did you mean 'epochs'?"
  ),
  (
    ["zzz=1"], "--param zzz=1",
    "no notebook of the run declares 'zzz'; parameters are epochs or train"
  ),
  (["epochs=fast"], "--param epochs=fast", "'epochs' is Int"),
])
func unusableParamIsAUsageErrorNamingTheFlag(overrides: [String], flag: String, message: String)
  throws
{
  let scratch = Scratch()
  defer { scratch.cleanup() }
  _ = scratch.notebook("a.md", notebook(["train": "60000", "epochs": "2"]))
  _ = scratch.notebook("b.md", notebook(["train": "60000"]))
  for run in [true, false] {
    let runner = Runner(settings: scratch.settings(overrides: overrides))
    do {
      _ = run ? try runner.run([scratch.path]) : try runner.check([scratch.path])
      Issue.record("\(overrides) was accepted")
    } catch {
      guard case .usage(let gotFlag, let gotMessage) = error else {
        Issue.record("not a usage error: \(error)")
        continue
      }
      #expect(error.isUsageError)
      #expect(gotFlag == flag)
      #expect(gotMessage.contains(message), "\(gotMessage)")
    }
    #expect(!scratch.exists("out"), "a usage error writes nothing")
  }
}

@Test func valueThatFitsSomeDeclaringNotebooksIsALocatedErrorInTheOthers() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  _ = scratch.notebook("a.md", notebook(["size": "2"]))
  let b = scratch.notebook("b.md", notebook(["size": "\"small\""]))
  let outcomes = try Runner(settings: scratch.settings(overrides: ["size=big"])).check([
    scratch.path
  ])
  #expect(outcomes.map(\.succeeded) == [false, true])
  #expect(
    outcomes[0].messages.first?.contains(":1:1: error: --param size=big: 'size' is Int") == true,
    "\(outcomes[0].messages)")
  #expect(outcomes[1].path == b)
}

@Test func missingDataFoldersAreErrorsBeforeAnythingRuns() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("a.md", notebook([:]))
  let file = scratch.notebook("file.txt", "not a folder")
  var settings = scratch.settings()
  settings.dataFolder = scratch.path + "/nowhere"
  #expect(
    throws: RunnerError.usage(
      flag: "--data-dir \(scratch.path)/nowhere",
      message: "no such folder; give a folder holding the data set's IDX files")
  ) {
    _ = try Runner(settings: settings).run([path])
  }
  settings.dataFolder = file
  #expect(
    throws: RunnerError.usage(
      flag: "--data-dir \(file)",
      message: "it is a file, not a folder; give a folder holding the data set's IDX files")
  ) {
    _ = try Runner(settings: settings).check([path])
  }
  for (value, reason) in [
    (scratch.path + "/nowhere", "no such folder"), (file, "it is a file, not a folder"),
  ] {
    let settings = scratch.settings(["QUANTBOOK_DATA": value])
    let full = reason + "; point it at a folder holding the data set's IDX files, or unset it"
    #expect(throws: RunnerError.environment(name: "QUANTBOOK_DATA", value: value, reason: full)) {
      _ = try Runner(settings: settings).run([path])
    }
    #expect(
      !RunnerError.environment(name: "QUANTBOOK_DATA", value: value, reason: reason).isUsageError)
  }
  #expect(!scratch.exists("out"))
  // An empty QUANTBOOK_DATA is unset, as before.
  #expect(
    try Runner(settings: scratch.settings(["QUANTBOOK_DATA": ""])).check([path]).allSatisfy {
      $0.succeeded
    })
}

@Test func namedDataFolderWithoutTheFilesIsNotSkipped() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let locator = DataLocator(explicitFolder: nil, environment: ["QUANTBOOK_DATA": scratch.path])
  #expect(
    throws: RunnerError.dataMissing(
      name: "Fashion-MNIST", searched: [scratch.path], hint: DataLocator.Kind.fashionMNIST.hint)
  ) {
    _ = try locator.locate(.fashionMNIST)
  }
}

@Test func notebooksSharingAFileNameGetDistinctReports() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  for folder in ["a", "b", "c/a"] {
    try FileManager.default.createDirectory(
      atPath: scratch.path + "/" + folder, withIntermediateDirectories: true)
  }
  let paths = ["a", "b", "c/a"].map {
    scratch.notebook("\($0)/intro.md", notebook([:], code: "x = \"\($0)\"\nx"))
  }
  let other = scratch.notebook("b/other.md", notebook([:]))
  #expect(
    NotebookDiscovery.reportNames(for: paths + [other]) == [
      "a-intro", "b-intro", "c-a-intro", "other",
    ])
  #expect(NotebookDiscovery.reportNames(for: [paths[0], paths[1]]) == ["a-intro", "b-intro"])
  #expect(NotebookDiscovery.reportNames(for: [paths[0]]) == ["intro"])
  #expect(
    NotebookDiscovery.reportNames(for: ["x/intro.md", "x/intro.md", "intro-2.md"]) == [
      "intro", "intro-2", "intro-2-2",
    ])
  let outcomes = try Runner(settings: reproducible(scratch.settings())).run(paths.map { $0 })
  #expect(
    outcomes.map { $0.reportPath.map { URL(fileURLWithPath: $0).lastPathComponent } } == [
      "a-intro.html", "b-intro.html", "c-a-intro.html",
    ])
  for (name, folder) in [("a-intro", "a"), ("b-intro", "b"), ("c-a-intro", "c/a")] {
    #expect(
      scratch.read("out/\(name).json")?.contains("\"\(folder)\"") == true,
      "each report holds its own notebook's value")
  }
  let index = try #require(scratch.read("out/index.html"))
  #expect(
    ["a-intro.html", "b-intro.html", "c-a-intro.html"].allSatisfy {
      index.contains("href=\"\($0)\"")
    })
}

@Test func sameFileNamedTwiceRunsOnce() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("a.md", notebook([:]))
  #expect(
    try NotebookDiscovery.notebooks(in: [path, scratch.path + "/./a.md", scratch.path]) == [path])
}

@Test func indexLinksANotebookWithSpacesAndHash() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("my notebook #1.md", notebook([:]))
  _ = try Runner(settings: reproducible(scratch.settings())).run([path])
  #expect(scratch.exists("out/my notebook #1.html"))
  let index = try #require(scratch.read("out/index.html"))
  #expect(index.contains(#"<a href="my%20notebook%20%231.html">T</a>"#))
}
