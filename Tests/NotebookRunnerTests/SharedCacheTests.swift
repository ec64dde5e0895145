import Foundation
import TensorEngine
import TestSupport
import Testing

@testable import NotebookRunner

/// A cache folder several processes share: concurrent writers, readers that never see a
/// partial entry, corrupt entries recomputed with one warning, claims, `--shard` parsing.
@Suite struct SharedCacheTests {
  /// Eight writers store the same entries while eight readers read them: every read is a
  /// miss or the whole payload, never a corrupt or partial entry.
  @Test func concurrentWritersAndReaders() {
    let scratch = Scratch()
    let store = CacheStore(folder: scratch.path + "/cache")
    var random = SplitMix64(state: 21)
    let payloads = (0..<4).map { n in
      (
        key: SHA256.hex(Array("entry \(n)".utf8)),
        bytes: (0..<(50_000 + n * 7_001)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      )
    }
    let problems = Failures()
    DispatchQueue.concurrentPerform(iterations: 16) { worker in
      for round in 0..<20 {
        let entry = payloads[(worker + round) % payloads.count]
        if worker % 2 == 0 {
          do { try store.store(entry.key, payload: entry.bytes) } catch {
            problems.add("write: \(error)")
          }
        } else {
          switch store.load(entry.key) {
          case .miss: break
          case .hit(let bytes) where bytes == entry.bytes: break
          case .hit: problems.add("a read returned other bytes")
          case .corrupt(let reason): problems.add("a read saw a corrupt entry: \(reason)")
          }
        }
      }
    }
    #expect(problems.all.isEmpty, "\(problems.all)")
    for entry in payloads { #expect(store.load(entry.key) == .hit(entry.bytes)) }
    let leftovers =
      (FileManager.default.enumerator(atPath: store.folder)?.allObjects as? [String])?
      .filter { $0.contains(".tmp-") } ?? ["?"]
    #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
  }

  /// A truncated entry is reported once as a warning, recomputed, and the report is the same.
  @Test func truncatedEntryIsRecomputedWithOneWarning() throws {
    let scratch = Scratch()
    let paths = ShardNotebooks.write(scratch)
    let settings = scratch.shardSettings(output: "o", cache: "c")
    _ = try Runner(settings: settings).run(paths)
    let before = scratch.reports("o")
    let entries = scratch.cacheEntries(settings.resolvedCacheFolder)
    #expect(entries.count > 10)
    // Cut every entry of the sweep's model statement short: find it by its journal line.
    let line = try #require(scratch.journalLines("c").first { $0.contains(":18 net = train") })
    let file = CacheStore(folder: settings.resolvedCacheFolder).path(for: String(line.prefix(64)))
    let bytes = try #require(FileManager.default.contents(atPath: file))
    #expect(FileManager.default.createFile(atPath: file, contents: bytes.prefix(bytes.count / 2)))
    let notes = Failures()
    let runner = Runner(settings: settings) { event in
      if case .note(_, let message) = event { notes.add(message) }
    }
    _ = try runner.run(paths)
    let warnings = notes.all.filter { $0.hasPrefix("warning:") }
    #expect(warnings.count == 1, "\(notes.all)")
    #expect(warnings.first?.contains("line 18") == true, "\(warnings)")
    #expect(warnings.first?.contains("truncated") == true, "\(warnings)")
    #expect(scratch.reports("o") == before)
    #expect(CacheStore(folder: settings.resolvedCacheFolder).contains(String(line.prefix(64))))
  }

  /// The same data files in another folder, written at another time (another machine's
  /// copy): every statement still comes from the cache, because keys name data files by
  /// name, size and content, not by path or mtime.
  @Test func keysDoNotNameTheDataFolder() throws {
    let scratch = Scratch()
    let images: [UInt8] =
      [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28] + [UInt8](repeating: 7, count: 2 * 784)
    let labels: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 2, 0, 1]
    for (index, folder) in ["host-a/idx", "host-b/data/fashion"].enumerated() {
      for name in ["train-images-idx3-ubyte", "t10k-images-idx3-ubyte"] {
        #expect(scratch.write(folder + "/" + name, String(decoding: images, as: UTF8.self)) != nil)
      }
      for name in ["train-labels-idx1-ubyte", "t10k-labels-idx1-ubyte"] {
        #expect(scratch.write(folder + "/" + name, String(decoding: labels, as: UTF8.self)) != nil)
        let time = Date(timeIntervalSince1970: 1_000_000_000 + Double(index) * 86_400)
        try FileManager.default.setAttributes(
          [.modificationDate: time], ofItemAtPath: scratch.path + "/" + folder + "/" + name)
      }
    }
    let path = scratch.notebook(
      "d.md", "# D\n\n```quant\ndata = fashion_mnist(train: 2, test: 2)\ndescribe(data)\n```\n")
    var settings = scratch.settings()
    settings.cacheFolder = scratch.path + "/shared"
    settings.dataFolder = scratch.path + "/host-a/idx"
    let first = try scratch.cacheRun(path, settings)
    #expect(first.count == 2 && first.allSatisfy { !$0.cached }, "\(first)")
    settings.dataFolder = scratch.path + "/host-b/data/fashion"
    let second = try scratch.cacheRun(path, settings)
    #expect(second.count == 2 && second.allSatisfy(\.cached), "\(second)")
  }

  @Test func shardSpecs() throws {
    #expect(try ShardSpec.parse("1/3", environment: [:]) == ShardSpec(index: 1, count: 3))
    #expect(
      try ShardSpec.parse("4", environment: ["SLURM_ARRAY_TASK_ID": "2"])
        == ShardSpec(index: 2, count: 4))
    #expect(
      try ShardSpec.parse(
        "/2", environment: ["SLURM_ARRAY_TASK_ID": "6", "SLURM_ARRAY_TASK_MIN": "5"])
        == ShardSpec(index: 1, count: 2))
    #expect(
      try ShardSpec.parse("3", environment: ["JOB_COMPLETION_INDEX": "0"])
        == ShardSpec(index: 0, count: 3))
    #expect(
      try ShardSpec.parse(
        "auto", environment: ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "2"])
        == ShardSpec(index: 1, count: 2))
    let bad: [(String, [String: String], String)] = [
      ("3/3", [:], "shard 3 does not exist: with 3 shards they are 0 to 2"),
      ("0/0", [:], "at least 1, not `0`"),
      ("a/2", [:], "--shard must be a whole number of at least 0, not `a`"),
      ("1/2/3", [:], "is not i/N"),
      ("2", [:], "neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set"),
      ("2", ["JOB_COMPLETION_INDEX": "x"], "JOB_COMPLETION_INDEX must be a whole number"),
      ("2", ["SLURM_ARRAY_TASK_ID": "5"], "shard 5 does not exist"),
      ("auto", ["SLURM_ARRAY_TASK_ID": "1"], "SLURM_ARRAY_TASK_COUNT, which is not set"),
    ]
    for (text, environment, message) in bad {
      do {
        let spec = try ShardSpec.parse(text, environment: environment)
        Issue.record("`\(text)` parsed as \(spec)")
      } catch {
        #expect(error.isUsageError)
        #expect(error.description.hasPrefix("--shard: "), "\(error)")
        #expect(error.description.contains(message), "`\(text)`: \(error)")
      }
    }
  }

  /// A claim is exclusive while its holder lives; a dead holder's or a silent one is taken
  /// over.
  @Test func claims() throws {
    let scratch = Scratch()
    let store = CacheStore(folder: scratch.path)
    let claim = CacheClaim(store: store, key: String(repeating: "ab", count: 32), staleSeconds: 30)
    guard case .acquired = claim.acquire(label: "net = train(…)") else {
      Issue.record("first claim failed")
      return
    }
    guard case .heldBy(let holder) = claim.acquire(label: "other") else {
      Issue.record("a held claim was taken")
      return
    }
    #expect(holder.pid == getpid() && holder.label == "net = train(…)")
    claim.release()
    #expect(claim.read() == nil)
    // A process of this host that no longer exists: stale at once.
    let dead = try #require(Self.deadPID())
    #expect(
      scratch.write(
        String(claim.path.dropFirst(scratch.path.count + 1)),
        "\(dead) \(CacheClaim.hostName) 0 old\n") != nil)
    guard case .acquired = claim.acquire(label: "mine") else {
      Issue.record("a dead process's claim was not taken over")
      return
    }
    claim.release()
    // Another host's claim whose heartbeat stopped 31 s ago: stale; 10 s ago: live.
    for (age, stale) in [(31.0, true), (10.0, false)] {
      #expect(
        scratch.write(
          String(claim.path.dropFirst(scratch.path.count + 1)),
          "1 elsewhere 0 far away\n") != nil)
      var times = [timeval](repeating: timeval(tv_sec: time(nil) - Int(age), tv_usec: 0), count: 2)
      #expect(utimes(claim.path, &times) == 0)
      switch claim.acquire(label: "mine") {
      case .acquired: #expect(stale, "a live claim of another host was taken")
      case .heldBy(let h): #expect(!stale && h.host == "elsewhere", "stale claim kept: \(h)")
      case .unavailable(let reason): Issue.record("the claim could not be made: \(reason)")
      }
      claim.release()
    }
  }

  /// A pid no process of this host has (a child that has exited and been reaped).
  static func deadPID() -> Int32? {
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/bin/true")
    guard (try? child.run()) != nil else { return nil }
    child.waitUntilExit()
    return child.processIdentifier
  }
}
