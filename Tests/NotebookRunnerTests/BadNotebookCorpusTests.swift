import Foundation
import Testing

@testable import NotebookRunner

/// The bad-notebook corpus: every `BadNotebooks/NAME.md` beside this file, with its
/// `NAME.expect` sidecar (see `BadNotebookExpectation` and `BadNotebooks/README.md`), is
/// checked and run as `quantbook run NAME.md -o OUT` would, and must end in the expected exit
/// status and first diagnostic, write nothing outside OUT, and leave no partial report.
///
/// A notebook without a sidecar, or a sidecar without a notebook, fails (the corpus cannot
/// rot). A crash stops the whole test run, so reaching the assertions means none happened.
@Suite struct BadNotebookCorpusTests {
  static let folder =
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/BadNotebooks"

  /// Every base name that has a notebook or a sidecar (README.md describes the folder).
  static let names: [String] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    let stems = files.compactMap { file -> String? in
      if file == "README.md" { return nil }
      if file.hasSuffix(".md") { return String(file.dropLast(3)) }
      if file.hasSuffix(".expect") { return String(file.dropLast(7)) }
      return file  // anything else is reported by `onlyNotebooksAndSidecars`
    }
    return Set(stems).sorted()
  }()

  @Test func theCorpusIsThere() {
    #expect(Self.names.count >= 45, "found \(Self.names.count) bad notebooks in \(Self.folder)")
  }

  @Test func onlyNotebooksAndSidecars() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder)
    let strays = files.filter { !$0.hasSuffix(".md") && !$0.hasSuffix(".expect") }
    #expect(
      strays.isEmpty, "files in BadNotebooks/ that are neither NAME.md nor NAME.expect: \(strays)")
  }

  @Test(arguments: BadNotebookCorpusTests.names)
  func badNotebook(_ name: String) throws {
    let notebook = Self.folder + "/" + name + ".md"
    let sidecar = Self.folder + "/" + name + ".expect"
    let notebookText = FileManager.default.contents(atPath: notebook)
    let sidecarText = FileManager.default.contents(atPath: sidecar).map {
      String(decoding: $0, as: UTF8.self)
    }
    guard let notebookText else {
      Issue.record("\(name).expect has no notebook \(name).md")
      return
    }
    guard let sidecarText else {
      Issue.record("\(name).md has no sidecar \(name).expect (exit:, at:, message:)")
      return
    }
    let expected = try BadNotebookExpectation.parse(sidecarText)

    // A scratch parent holding a sentinel, the notebook, the fixtures; OUT is made by the run.
    let parent = NSTemporaryDirectory() + "quantbook-corpus-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: parent) }
    #expect(
      FileManager.default.createFile(
        atPath: parent + "/sentinel.txt", contents: Data("keep\n".utf8)))
    let path = parent + "/" + name + ".md"
    #expect(FileManager.default.createFile(atPath: path, contents: notebookText))
    let arguments = try expected.runArguments {
      BadNotebookFixtures.build($0, in: parent + "/fixtures")
    }
    // Without --data-dir the tiny fixture stands in for Debian's folder: no host data is read.
    let dataFolder =
      arguments.dataFolder ?? BadNotebookFixtures.build("tiny-idx", in: parent + "/default-data")
    let output = parent + "/out"
    let before = Self.listing(parent, skipping: output)

    var settings = RunSettings(
      outputFolder: output, parameterOverrides: arguments.overrides, dataFolder: dataFolder,
      environment: [:], threads: 1)
    settings.useCache = arguments.useCache
    let runner = Runner(settings: settings)
    let checked = Result { () throws(RunnerError) in try runner.check([path]) }
    let ran = Result { () throws(RunnerError) in try runner.run([path]) }

    #expect(ExitStatus.of(ran) == expected.exit, "exit status of \(name)")
    let first = Self.firstMessage(ran)
    let diagnostic = Self.parseHeader(first, path: path)
    if let (line, column) = expected.position {
      #expect(
        diagnostic != nil, "the first message of \(name) has no file:line:col: \(first ?? "none")")
      #expect(
        diagnostic?.line == line && diagnostic?.column == column, "position of \(first ?? "none")")
    }
    let text = diagnostic?.message ?? first
    #expect(text?.contains(expected.message) == true, "message of \(name): \(first ?? "none")")
    // A notebook that fails its check fails the run with the same first message.
    if ExitStatus.of(checked) != ExitStatus.success, case .success = checked {
      #expect(Self.firstMessage(checked) == first, "check and run disagree on \(name)")
    }

    // Nothing outside OUT changed; OUT holds no temporary file and no report of a notebook
    // that never ran; a report of a runtime failure is whole and marked failed.
    let after = Self.listing(parent, skipping: output)
    #expect(
      after == before,
      "\(name) changed files outside the output folder: \(Self.difference(before, after))")
    let written = Array(Self.listing(output, skipping: output + "/.cache").keys)
    #expect(!written.contains { $0.contains(".tmp-") }, "temporary files left: \(written)")
    let reportWritten = written.contains(name + ".html") || written.contains(name + ".json")
    if ExitStatus.of(checked) != ExitStatus.success {
      #expect(!reportWritten, "\(name) failed its check but has a report: \(written)")
      #expect(
        !FileManager.default.fileExists(atPath: output),
        "\(name) failed its check but left an output folder: \(written)")
    } else if reportWritten {
      let html = FileManager.default.contents(atPath: output + "/" + name + ".html").map {
        String(decoding: $0, as: UTF8.self)
      }
      #expect(
        html?.hasSuffix("</html>\n") == true || html?.hasSuffix("</html>") == true,
        "partial report of \(name)")
      let json = FileManager.default.contents(atPath: output + "/" + name + ".json")
        .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
      #expect(json?["status"] as? String == "failed", "the report of \(name) is not marked failed")
    }
  }

  /// The first error the runner gave (warnings skipped): the first error diagnostic, or the
  /// error that stopped it.
  static func firstMessage(_ result: Result<[NotebookOutcome], RunnerError>) -> String? {
    switch result {
    case .success(let outcomes):
      return outcomes.lazy.flatMap(\.messages).first {
        $0.prefix { $0 != "\n" }.contains(": error: ")
      }
    case .failure(let error): return error.description
    }
  }

  /// `PATH:LINE:COL: error: MESSAGE` on the first line of `text`, for the notebook at `path`.
  static func parseHeader(_ text: String?, path: String) -> (
    line: Int, column: Int, message: String
  )? {
    guard let text, text.hasPrefix(path + ":") else { return nil }
    let parts = text.dropFirst(path.count + 1).prefix { $0 != "\n" }.split(
      separator: ":", maxSplits: 3)
    guard parts.count == 4, let line = Int(parts[0]), let column = Int(parts[1]),
      parts[2] == " error",
      parts[3].hasPrefix(" ")
    else { return nil }
    return (line, column, String(parts[3].dropFirst()))
  }

  /// Every file and folder under `root` (except `skipping` and what it holds), relative
  /// paths to contents (nil for folders).
  static func listing(_ root: String, skipping: String) -> [String: Data?] {
    var result: [String: Data?] = [:]
    guard let walker = FileManager.default.enumerator(atPath: root) else { return result }
    while let relative = walker.nextObject() as? String {
      let full = root + "/" + relative
      if full == skipping || full.hasPrefix(skipping + "/") { continue }
      var isFolder: ObjCBool = false
      FileManager.default.fileExists(atPath: full, isDirectory: &isFolder)
      result[relative] =
        isFolder.boolValue ? .some(nil) : .some(FileManager.default.contents(atPath: full))
    }
    return result
  }

  static func difference(_ a: [String: Data?], _ b: [String: Data?]) -> [String] {
    Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
  }
}

@Test func exitStatusFollowsTheOutcome() {
  let ok = NotebookOutcome(path: "a.md", reportPath: nil, messages: [], succeeded: true, seconds: 0)
  var failed = ok
  failed.succeeded = false
  #expect(ExitStatus.of(.success([ok, ok])) == 0)
  #expect(ExitStatus.of(.success([ok, failed])) == 1)
  #expect(ExitStatus.of(.failure(.noNotebooks(path: "x"))) == 2)
  #expect(ExitStatus.of(.failure(.unwritable(path: "x", reason: "r"))) == 1)
  #expect(ExitStatus.of(.failure(.dataMissing(name: "d", searched: [], hint: "h"))) == 1)
}
