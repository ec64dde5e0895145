import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// The test with real processes: three `quantbook run --shard i/3` over one cache
/// folder, one of them killed in the middle of a step and run again, then `quantbook merge`:
/// the reports equal a single process's byte for byte, and the journals show that nothing
/// was computed twice (the killed step was computed once, by the re-run).
@Suite(.serialized) struct ShardProcessTests {
  /// The `quantbook` binary built beside this test bundle.
  static var binary: String? {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for folder in [beside, beside.deletingLastPathComponent()] {
      let candidate = folder.appendingPathComponent("quantbook").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Starts `quantbook ARGS` in `folder` with `environment` added; output goes to `log`.
  static func start(
    _ arguments: [String], in folder: String, environment: [String: String] = [:], log: String
  ) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(binary, "build quantbook first"))
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    var env = ProcessInfo.processInfo.environment
    env["SOURCE_DATE_EPOCH"] = "1700000000"
    env["QUANTBOOK_CACHE"] = nil
    for (k, v) in environment { env[k] = v.isEmpty ? nil : v }  // "" unsets
    process.environment = env
    FileManager.default.createFile(atPath: log, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    return process
  }

  static func finish(_ process: Process, _ log: String) -> String {
    process.waitUntilExit()
    let text = String(
      decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self)
    #expect(process.terminationStatus == 0, "\(process.arguments ?? []):\n\(text)")
    return text
  }

  @Test func threeProcessesOneKilledThenMerged() throws {
    let scratch = Scratch()
    let dir = scratch.path
    _ = ShardNotebooks.write(scratch)
    let notebooks = ["a-sweep.md", "b-plain.md"]
    let common = ["--threads", "1"]
    let single = try Self.start(
      ["run"] + notebooks + common + ["-o", "single", "--cache", "c1"], in: dir, log: dir + "/s.log"
    )
    _ = Self.finish(single, dir + "/s.log")
    // Shard 2 owns iteration `bits = 2` of the first loop; it stalls there, holding the claim.
    var shards: [Process] = []
    for index in 0..<3 {
      shards.append(
        try Self.start(
          ["run"] + notebooks + common + [
            "-o", "shards", "--cache", "c2", "--shard", "\(index)/3",
          ],
          in: dir, environment: index == 2 ? ["QUANTBOOK_DEBUG_STALL": "[bits = 2]"] : [:],
          log: dir + "/shard\(index).log"))
    }
    defer { for process in shards where process.isRunning { process.terminate() } }
    let stalled = try #require(
      Self.waitForClaim(in: dir + "/c2", pid: shards[2].processIdentifier, seconds: 300),
      "shard 2 never claimed its iteration")
    kill(shards[2].processIdentifier, SIGKILL)
    shards[2].waitUntilExit()
    #expect(stalled.hasSuffix("[bits = 2]"), "\(stalled)")
    for index in 0..<2 { _ = Self.finish(shards[index], dir + "/shard\(index).log") }
    let early = try Self.start(
      ["merge"] + notebooks + common + ["-o", "merged", "--cache", "c2"], in: dir,
      log: dir + "/early.log")
    early.waitUntilExit()
    let earlyLog = String(
      decoding: FileManager.default.contents(atPath: dir + "/early.log") ?? Data(), as: UTF8.self)
    #expect(early.terminationStatus == 1, "\(earlyLog)")
    #expect(earlyLog.contains("a-sweep.md:25: missing: for bits in"), "\(earlyLog)")
    #expect(scratch.reports("merged").isEmpty)
    let rerun = try Self.start(
      ["run"] + notebooks + common + ["-o", "shards", "--cache", "c2", "--shard", "2/3"],
      in: dir, log: dir + "/rerun.log")
    _ = Self.finish(rerun, dir + "/rerun.log")
    let merge = try Self.start(
      ["merge"] + notebooks + common + ["-o", "merged", "--cache", "c2"], in: dir,
      log: dir + "/merge.log")
    _ = Self.finish(merge, dir + "/merge.log")
    expectSameReports(scratch.reports("merged"), scratch.reports("single"))
    let journal = scratch.journalLines("c2")
    #expect(computedTwice(journal).isEmpty, "computed twice: \(computedTwice(journal))")
    #expect(journal.filter { $0.hasSuffix("[bits = 2]") }.count == 2, "\(journal)")
    #expect(journal.count == 15, "\(journal)")
  }

  /// `--shard` mistakes are usage errors (exit status 2) that name the flag.
  @Test func badShardIsAUsageError() throws {
    let scratch = Scratch()
    let dir = scratch.path
    _ = ShardNotebooks.write(scratch)
    for (arguments, message) in [
      (["--shard", "3/3"], "--shard: shard 3 does not exist"),
      (["--shard", "2"], "neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX"),
      (["--shard", "0/2", "--no-cache"], "drop --no-cache"),
    ] {
      let log = dir + "/bad.log"
      let process = try Self.start(
        ["run", "b-plain.md", "-o", "out"] + arguments, in: dir,
        environment: ["SLURM_ARRAY_TASK_ID": "", "JOB_COMPLETION_INDEX": ""], log: log)
      process.waitUntilExit()
      let text = String(
        decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self)
      #expect(process.terminationStatus == 2, "\(arguments): \(text)")
      #expect(text.contains(message), "\(arguments): \(text)")
      #expect(!FileManager.default.fileExists(atPath: dir + "/out"), "\(arguments) wrote output")
    }
  }

  /// The label of the first claim file `pid` writes under `cache`, within `seconds`.
  static func waitForClaim(in cache: String, pid: Int32, seconds: Double) -> String? {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      let names = (FileManager.default.enumerator(atPath: cache)?.allObjects as? [String]) ?? []
      for name in names where name.hasSuffix(".run") {
        let text = String(
          decoding: FileManager.default.contents(atPath: cache + "/" + name) ?? Data(),
          as: UTF8.self)
        let fields = text.split(separator: " ", maxSplits: 3)
        if fields.count == 4, fields[0] == "\(pid)", fields[3].contains("[bits = 2]") {
          return fields[3].trimmingCharacters(in: .newlines)
        }
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return nil
  }
}
