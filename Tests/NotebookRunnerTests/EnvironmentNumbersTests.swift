import Foundation
import TestSupport
import Testing

/// A numeric QUANTBOOK_* variable set to something that is not a number in its range stops
/// `quantbook run` before anything runs: exit 2, a message naming the variable, no report.
@Suite(.serialized) struct EnvironmentNumbersTests {
  @Test(arguments: [
    ("QUANTBOOK_THREADS", "many"), ("QUANTBOOK_THREADS", "0"),
    ("QUANTBOOK_CLAIM_STALE", "soon"), ("QUANTBOOK_WAIT_LIMIT", "-5"),
    ("SOURCE_DATE_EPOCH", "yesterday"),
  ])
  func badValueIsAUsageError(name: String, value: String) throws {
    let scratch = Scratch()
    let dir = scratch.path
    try "# n\n\n```quant\nx = 1\n```\n".write(
      toFile: dir + "/n.md", atomically: true, encoding: .utf8)
    let log = dir + "/log.txt"
    let process = try ShardProcessTests.start(
      ["run", "n.md", "-o", "out"], in: dir, environment: [name: value], log: log)
    process.waitUntilExit()
    let text = String(
      decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self)
    #expect(process.terminationStatus == 2, "\(text)")
    #expect(text.contains("\(name)=\(value) is not valid"), "\(text)")
    #expect(!FileManager.default.fileExists(atPath: dir + "/out/n.html"))
  }

  @Test func goodValuesRun() throws {
    let scratch = Scratch()
    let dir = scratch.path
    try "# n\n\n```quant\nx = 1\n```\n".write(
      toFile: dir + "/n.md", atomically: true, encoding: .utf8)
    let environment = [
      "QUANTBOOK_THREADS": "1", "QUANTBOOK_CLAIM_STALE": "30", "QUANTBOOK_WAIT_LIMIT": "0",
    ]
    let process = try ShardProcessTests.start(
      ["run", "n.md", "-o", "out"], in: dir, environment: environment, log: dir + "/log.txt")
    _ = ShardProcessTests.finish(process, dir + "/log.txt")
    #expect(FileManager.default.fileExists(atPath: dir + "/out/n.html"))
  }
}
