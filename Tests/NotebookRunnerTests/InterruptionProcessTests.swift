import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// A run interrupted by `SIGINT` or `SIGTERM` while it holds a cache claim (made to stall
/// there with `QUANTBOOK_DEBUG_STALL`): it exits 130 / 143 with one message, removes its
/// claim and temporary files, and writes no report of the interrupted notebook.
@Suite(.serialized) struct InterruptionProcessTests {
  static let notebook = """
    ---
    title: Interrupted
    ---

    ```quant
    s = signal(frequency: 2.0)
    quantize_signal(s, bits: 4).sqnr
    ```

    """

  @Test(arguments: zip([SIGINT, SIGTERM], [Int32(130), Int32(143)]))
  func anInterruptedRunLeavesNoClaimTemporaryFileOrReport(signal: Int32, status: Int32) throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    _ = scratch.notebook("a.md", Self.notebook)
    let log = scratch.path + "/run.log"
    let process = try ShardProcessTests.start(
      ["run", "a.md", "-o", "out", "--threads", "1"], in: scratch.path,
      environment: ["QUANTBOOK_DEBUG_STALL": "quantize_signal"], log: log)
    defer { if process.isRunning { process.terminate() } }
    let cache = scratch.path + "/out/.cache"
    // Waits (at most 5 minutes on a loaded machine) until the run holds its claim.
    let deadline = Date().addingTimeInterval(300)
    var claimed = false
    while !claimed, Date() < deadline, process.isRunning {
      let names = (FileManager.default.enumerator(atPath: cache)?.allObjects as? [String]) ?? []
      claimed = names.contains { $0.hasSuffix(".run") }
      if !claimed { Thread.sleep(forTimeInterval: 0.05) }
    }
    try #require(claimed, "the run never claimed the stalled statement")
    kill(process.processIdentifier, signal)
    process.waitUntilExit()
    let text = String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self)
    #expect(process.terminationStatus == status, "\(text)")
    #expect(text.components(separatedBy: "error: interrupted").count == 2, "\(text)")
    let left =
      (FileManager.default.enumerator(atPath: scratch.path + "/out")?.allObjects
        as? [String]) ?? []
    #expect(!left.contains { $0.hasSuffix(".run") }, "a claim was left: \(left)")
    #expect(!left.contains { $0.contains(".tmp-") }, "a temporary file was left: \(left)")
    #expect(!left.contains("a.html") && !left.contains("a.json"), "a report was written: \(left)")
  }
}

/// The registry of temporary files: what an interruption deletes (a registry of its own, so
/// that the files other tests are writing at the same moment are left alone).
@Test func temporaryFilesBeingWrittenAreRemovedOnInterruption() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = try #require(scratch.write(".x.tmp-1-A", "half"))
  let registry = TemporaryFiles()
  registry.add(path)
  #expect(registry.current == [path])
  #expect(registry.removeAll() == 1)
  #expect(!FileManager.default.fileExists(atPath: path))
  #expect(registry.current.isEmpty)
  // A finished write leaves nothing registered in the shared registry.
  try AtomicFile.write("whole\n", to: scratch.path + "/y.txt")
  #expect(!TemporaryFiles.shared.current.contains { $0.hasPrefix(scratch.path) })
}
