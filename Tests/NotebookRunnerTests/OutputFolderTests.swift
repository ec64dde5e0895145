import Foundation
import StepLanguage
import TestSupport
import Testing

@testable import NotebookRunner

/// `save` and `load` stay inside the output folder: an absolute path, a `..` that climbs out
/// and a symlink inside the folder that leads out are each an error at the path argument,
/// and nothing outside the folder is read or written.
///
/// Layout: `scratch/outside/sentinel.qbm` (a valid model, so reading it would succeed),
/// `scratch/out/` the output folder.
@Suite(.serialized) struct OutputFolderTests {
  let scratch = Scratch()
  var outside: String { scratch.path + "/outside" }
  var out: String { scratch.path + "/out" }

  /// A run that trains a tiny model and then runs `line` (line 10 of the notebook).
  func run(_ line: String) throws -> NotebookOutcome {
    let text = """
      # Files

      ```quant
      data = synthetic(train: 40, test: 20)
      m = sequential(input: 28x28x1) [
        flatten()
        dense(10, activation: softmax)
      ]
      net = train(m, on: data.train, optimizer: sgd(lr: 0.1))
      \(line)
      ```

      """
    return try #require(
      try Runner(settings: scratch.settings()).run([scratch.notebook("files.md", text)]).first)
  }

  /// The names and bytes of every file under `folder`.
  func snapshot(_ folder: String) -> [String: Data] {
    var files: [String: Data] = [:]
    for name in (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? [] {
      files[name] = FileManager.default.contents(atPath: folder + "/" + name)
    }
    return files
  }

  /// Saves a real model, then moves it out of the output folder as the sentinel.
  func makeSentinel() throws {
    let saved = try run("save(net, to: \"net.qbm\")")
    #expect(saved.succeeded, "\(saved.messages)")
    try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
    try FileManager.default.moveItem(atPath: out + "/net.qbm", toPath: outside + "/sentinel.qbm")
  }

  @Test func pathsThatLeaveTheFolderAreRefusedAndTouchNothing() throws {
    defer { scratch.cleanup() }
    try makeSentinel()
    try FileManager.default.createSymbolicLink(atPath: out + "/link", withDestinationPath: outside)
    try FileManager.default.createSymbolicLink(
      atPath: out + "/alias.qbm", withDestinationPath: outside + "/sentinel.qbm")
    // The sentinel is readable as a model: a copy inside the folder loads.
    try FileManager.default.copyItem(atPath: outside + "/sentinel.qbm", toPath: out + "/copy.qbm")
    let control = try run("back = load(\"copy.qbm\")\nsummary(back)")
    #expect(control.succeeded, "\(control.messages)")
    let before = snapshot(outside)

    let cases: [(line: String, message: String)] = [
      ("save(net, to: \"\(outside)/new.qbm\")", "is an absolute path"),
      ("back = load(\"\(outside)/sentinel.qbm\")", "is an absolute path"),
      ("save(net, to: \"../outside/new.qbm\")", "leads out of the output folder"),
      ("back = load(\"../outside/sentinel.qbm\")", "leads out of the output folder"),
      ("save(net, to: \"a/../../outside/new.qbm\")", "leads out of the output folder"),
      ("back = load(\"a/../../outside/sentinel.qbm\")", "leads out of the output folder"),
      ("save(net, to: \"link/new.qbm\")", "through the symlink 'link'"),
      ("back = load(\"link/sentinel.qbm\")", "through the symlink 'link'"),
      ("save(net, to: \"alias.qbm\")", "through the symlink 'alias.qbm'"),
      ("back = load(\"alias.qbm\")", "through the symlink 'alias.qbm'"),
    ]
    for (line, message) in cases {
      let outcome = try run(line)
      let all = outcome.messages.joined(separator: "\n")
      #expect(!outcome.succeeded, "\(line) ran")
      #expect(all.contains(message), "\(line): \(all)")
      // Located at the path argument: line 10, after the opening quote's column.
      let column = line.distance(from: line.startIndex, to: line.firstIndex(of: "\"")!) + 1
      #expect(all.contains("files.md:10:\(column): error:"), "\(line): \(all)")
    }
    #expect(snapshot(outside) == before, "a file outside the output folder changed")
    #expect(!FileManager.default.fileExists(atPath: scratch.path + "/new.qbm"))
  }

  @Test func pathsInsideTheFolderStillWork() throws {
    defer { scratch.cleanup() }
    let outcome = try run(
      "p = save(net, to: \"models/./v1/../v2/net.qbm\")\nback = load(p)\ncompare(net, back, on: "
        + "data.test)"
    )
    #expect(outcome.succeeded, "\(outcome.messages)")
    #expect(FileManager.default.fileExists(atPath: out + "/models/v2/net.qbm"))
    #expect(!FileManager.default.fileExists(atPath: out + "/models/v1"))
    // A symlink that stays inside the folder is followed.
    try FileManager.default.createSymbolicLink(
      atPath: out + "/latest", withDestinationPath: out + "/models/v2")
    let viaLink = try run("back = load(\"latest/net.qbm\")\nsummary(back)")
    #expect(viaLink.succeeded, "\(viaLink.messages)")
  }
}

/// The runner's own guard (`OutputPath`), for paths the checker could not see.
@Test func outputPathResolvesInsideOnly() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let out = scratch.path + "/out"
  try FileManager.default.createDirectory(atPath: out + "/sub", withIntermediateDirectories: true)
  try FileManager.default.createSymbolicLink(atPath: out + "/up", withDestinationPath: scratch.path)
  let root = try #require(OutputPath.realPath(out))
  #expect(try OutputPath.resolve("sub/../a/b.qbm", in: out) == root + "/a/b.qbm")
  #expect(try OutputPath.resolve("sub/x.qbm", in: out) == root + "/sub/x.qbm")
  for bad in [
    "", "/etc/passwd", "../x.qbm", "sub/../../x.qbm", "up/x.qbm", "up/out/../x.qbm", "a\\b",
    "sub/..", "x\u{0}y",
  ] {
    #expect(throws: PathError.self, "\(bad)") { try OutputPath.resolve(bad, in: out) }
  }
}
