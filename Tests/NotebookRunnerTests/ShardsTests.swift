import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// `run --shard i/N` and `merge` in one process (the processes, and killing one, are in
/// `ShardProcessTests`): the split, the merge's report, what a merge says is missing, and
/// `status`.
@Suite struct ShardsTests {
  /// Three shards at once (threads of this process, one cache folder), then a merge: the
  /// reports equal a plain run's byte for byte, and no entry was computed twice.
  @Test func threeShardsThenMergeEqualOneRun() throws {
    let scratch = Scratch()
    let paths = ShardNotebooks.write(scratch)
    _ = try Runner(settings: scratch.shardSettings(output: "single", cache: "c1")).run(paths)
    let failures = Failures()
    DispatchQueue.concurrentPerform(iterations: 3) { index in
      let settings = scratch.shardSettings(
        output: "shards", cache: "c2", shard: ShardSpec(index: index, count: 3))
      do {
        let outcomes = try Runner(settings: settings).run(paths)
        if !outcomes.allSatisfy(\.succeeded) { failures.add("shard \(index) failed") }
      } catch {
        failures.add("shard \(index): \(error)")
      }
    }
    #expect(failures.all.isEmpty, "\(failures.all)")
    #expect(scratch.reports("shards").isEmpty, "a shard wrote a report")
    let merge = try Runner(settings: scratch.shardSettings(output: "merged", cache: "c2"))
      .merge(paths)
    #expect(merge.isComplete, "missing: \(merge.missing)")
    expectSameReports(scratch.reports("merged"), scratch.reports("single"))
    let journal = scratch.journalLines("c2")
    #expect(computedTwice(journal).isEmpty, "computed twice: \(computedTwice(journal))")
    // data/cnn/net/base and 3 + 4 iterations of the sweep; data/cnn/net and the loop of
    // `plain`: each computed once, by whichever shard claimed it first.
    #expect(journal.count == 15, "journal: \(journal)")
  }

  /// A plain `run` over the shards' cache computes nothing and draws the same reports.
  @Test func runAfterShardsComputesNothing() throws {
    let scratch = Scratch()
    let paths = ShardNotebooks.write(scratch)
    for index in 0..<2 {
      _ = try Runner(
        settings: scratch.shardSettings(
          output: "shards", cache: "c", shard: ShardSpec(index: index, count: 2))
      ).run(paths)
    }
    let before = scratch.journalLines("c").count
    _ = try Runner(settings: scratch.shardSettings(output: "again", cache: "c")).run(paths)
    #expect(scratch.journalLines("c").count == before, "the run after the shards computed")
    _ = try Runner(settings: scratch.shardSettings(output: "single", cache: "c1")).run(paths)
    expectSameReports(scratch.reports("again"), scratch.reports("single"))
  }

  /// A merge before every shard ran writes nothing and names what is missing.
  @Test func mergeListsMissingEntries() throws {
    let scratch = Scratch()
    let paths = ShardNotebooks.write(scratch)
    _ = try Runner(
      settings: scratch.shardSettings(
        output: "shards", cache: "c", shard: ShardSpec(index: 0, count: 2))
    ).run(paths)
    let merge = try Runner(settings: scratch.shardSettings(output: "merged", cache: "c"))
      .merge(paths)
    #expect(!merge.isComplete)
    #expect(scratch.reports("merged").isEmpty, "a merge with missing entries wrote files")
    let sweep = merge.missing.first { $0.path == paths[0] }?.entries ?? []
    // Shard 1 of 2 owns iteration 1 (bits = 4) of the first loop and 0, 2 of the second.
    #expect(sweep.count == 3, "\(sweep)")
    #expect(sweep.contains { $0.label.hasSuffix("[bits = 4]") && $0.line == 25 }, "\(sweep)")
    #expect(sweep.contains { $0.label.hasSuffix("[bits = 8]") && $0.line == 34 }, "\(sweep)")
    // Shard 1 owns `plain`'s statements: all four are missing.
    #expect(merge.missing.first { $0.path == paths[1] }?.entries.count == 4)
  }

  /// Statements that are never cached (`cache: false`) are computed by the merge itself;
  /// everything else still comes from the shards.
  @Test func mergeComputesWhatIsNeverCached() throws {
    let scratch = Scratch()
    let path = scratch.notebook(
      "c.md",
      """
      # C

      Samples: `= n`.

      ```quant
      #| cache: false
      n = 32
      ```

      ```quant
      #| shard: true
      for b in [4, 6, 8] {
        quantize_signal(signal(samples: n), bits: b).sqnr
      }
      ```

      """)
    _ = try Runner(settings: scratch.shardSettings(output: "single", cache: "c1")).run([path])
    for index in 0..<2 {
      let outcomes = try Runner(
        settings: scratch.shardSettings(
          output: "shards", cache: "c", shard: ShardSpec(index: index, count: 2))
      ).run([path])
      #expect(outcomes.allSatisfy { $0.succeeded })
    }
    let computed = scratch.journalLines("c").count
    let merge = try Runner(settings: scratch.shardSettings(output: "merged", cache: "c"))
      .merge([path])
    #expect(merge.isComplete, "\(merge.missing)")
    #expect(scratch.journalLines("c").count == computed, "the merge stored a computation")
    expectSameReports(scratch.reports("merged"), scratch.reports("single"), atLeast: 3)
  }

  /// `status` counts done and missing entries from the cache alone.
  @Test func statusFromTheCacheAlone() throws {
    let scratch = Scratch()
    let paths = ShardNotebooks.write(scratch)
    let settings = scratch.shardSettings(output: "o", cache: "c")
    let empty = try Runner(settings: settings).status(paths)
    #expect(empty.flatMap(\.statements).allSatisfy { $0.state == .missing })
    var shard = settings
    shard.shard = ShardSpec(index: 0, count: 2)
    _ = try Runner(settings: shard).run(paths)
    let progress = try Runner(settings: settings).status(paths)
    let sweep = progress[0].statements
    #expect(sweep.map(\.line) == [11, 12, 18, 19, 25, 34], "\(sweep.map(\.line))")
    #expect(sweep.prefix(4).allSatisfy { $0.state == .done }, "\(sweep)")
    #expect(sweep[4].iterations.filter { $0 == .done }.count == 2)
    #expect(sweep[4].iterations.count == 3 && sweep[4].state == .missing)
    #expect(sweep[5].iterations.filter { $0 == .done }.count == 2)
    #expect(progress[1].statements.allSatisfy { $0.state == .missing })
  }

  /// A live claim shows as running, with its holder.
  @Test func statusShowsAClaimAsRunning() throws {
    let scratch = Scratch()
    let paths = ShardNotebooks.write(scratch)
    let settings = scratch.shardSettings(output: "o", cache: "c")
    let key = try #require(try Runner(settings: settings).statusKeys(paths).first)
    let claim = CacheClaim(
      store: CacheStore(folder: settings.resolvedCacheFolder), key: key, staleSeconds: 60)
    guard case .acquired = claim.acquire(label: "data = synthetic(…)") else {
      Issue.record("could not claim")
      return
    }
    defer { claim.release() }
    let first = try Runner(settings: settings).status(paths)[0].statements[0]
    guard case .running(let who) = first.state else {
      Issue.record("expected running, got \(first.state)")
      return
    }
    #expect(who.hasPrefix("pid \(getpid()) on \(CacheClaim.hostName)"))
  }
}

extension Runner {
  /// The first statement's key of each notebook (for claiming it in a test).
  func statusKeys(_ paths: [String]) throws -> [String] {
    try plan(paths).map { notebook in
      let prepared = PreparedNotebook(
        path: notebook.path, source: notebook.source, overrides: notebook.overrides)
      let cache = StepCache(
        store: CacheStore(folder: settings.resolvedCacheFolder), enabled: false,
        notebookPath: prepared.path, seed: prepared.seed, version: settings.cacheVersion,
        parameters: prepared.parameters, locator: DataLocator(explicitFolder: nil, environment: [:])
      )
      let cell = prepared.checked.cells[0]
      return cache.parts(of: cell.statements[0], in: cell).key
    }
  }
}

/// Messages gathered from several threads.
final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [String] = []
  func add(_ item: String) { lock.withLock { items.append(item) } }
  var all: [String] { lock.withLock { items } }
}
