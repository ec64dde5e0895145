import Foundation
import TestSupport
import Testing

/// `--threads` out of range stops `quantbook run` before anything runs (exit 2, one message,
/// no report): 0, and a count so large that the per-thread buffers would exhaust memory
/// (it aborted the process before).
@Suite(.serialized) struct ThreadLimitTests {
  @Test(arguments: ["0", "1025", "99999999999"])
  func anUnusableThreadCountIsAUsageError(_ value: String) throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    #expect(scratch.write("n.md", "# n\n\n```quant\nx = 1\nx\n```\n") != nil)
    let log = scratch.path + "/log.txt"
    let process = try ShardProcessTests.start(
      ["run", "n.md", "-o", "out", "--threads", value], in: scratch.path, log: log)
    process.waitUntilExit()
    let text = String(
      decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self)
    #expect(process.terminationStatus == 2, "\(text)")
    #expect(text.contains("--threads must be 1...1024; got \(value)"), "\(text)")
    #expect(!FileManager.default.fileExists(atPath: scratch.path + "/out"))
  }
}
