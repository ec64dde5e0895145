import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

@Test func proseEditKeepsEverythingCached() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("c.md", cacheNotebook)
  let first = try scratch.cacheRun(path, scratch.settings())
  #expect(first.count == 7)
  #expect(first.allSatisfy { !$0.cached && $0.reason == "new statement" }, "\(first)")
  scratch.edit(
    path, "# Small run",
    "# Small run, with new words\n\nMore prose, even `= net.parameters` inline.")
  let second = try scratch.cacheRun(path, scratch.settings())
  #expect(second.count == 7)
  #expect(second.allSatisfy { $0.cached }, "\(second)")
  let html = try #require(scratch.read("out/c.html"))
  #expect(html.contains("7 of 7 statements from the cache"))
  let json = try #require(scratch.read("out/c.json"))
  #expect(json.contains("\"cache\": ["))
}

/// One key part changed at a time; `runs` are the statements expected to run (by prefix),
/// with the reason of the first one.
struct Invalidation: CustomStringConvertible, Sendable {
  var description: String
  var change: @Sendable (Scratch, String, inout RunSettings) -> Void
  var runs: [String]
  var reason: String
}

let invalidations: [Invalidation] = [
  Invalidation(
    description: "source",
    change: { s, p, _ in s.edit(p, "bits: 4, activation_bits", "bits: 5, activation_bits") },
    runs: ["q4 =", "evaluate(q4"], reason: "source changed"),
  Invalidation(
    description: "source upstream", change: { s, p, _ in s.edit(p, "batch: 30", "batch: 20") },
    runs: ["net =", "base =", "for bits", "q4 =", "evaluate(q4"], reason: "source changed"),
  Invalidation(
    description: "comment and layout only",
    change: { s, p, _ in
      s.edit(
        p, "base = evaluate(net, on: data.test)",
        "base  =  evaluate(net,on: data.test)  # the float model")
    },
    runs: [], reason: ""),
  Invalidation(
    description: "parameter",
    change: { _, _, settings in settings.parameterOverrides = ["epochs=2"] },
    runs: ["net =", "base =", "for bits", "q4 =", "evaluate(q4"],
    reason: "parameter `epochs` changed (1 -> 2)"),
  Invalidation(
    description: "seed", change: { s, p, _ in s.edit(p, "seed: 5", "seed: 6") },
    runs: ["data =", "cnn =", "net =", "base =", "for bits", "q4 =", "evaluate(q4"],
    reason: "seed changed (5 -> 6)"),
  Invalidation(
    description: "engine version", change: { _, _, settings in settings.cacheVersion = "9.9.9" },
    runs: ["data =", "cnn =", "net =", "base =", "for bits", "q4 =", "evaluate(q4"],
    reason: "engine version changed (\(QuantbookVersion.string) -> 9.9.9)"),
]

@Test(arguments: invalidations)
func eachKeyPartInvalidates(_ case_: Invalidation) throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("c.md", cacheNotebook)
  _ = try scratch.cacheRun(path, reproducible(scratch.settings()))
  var settings = reproducible(scratch.settings())
  case_.change(scratch, path, &settings)
  let lines = try scratch.cacheRun(path, settings)
  #expect(lines.count == 7)
  let ran = lines.filter { !$0.cached }.map(\.statement)
  #expect(ran.count == case_.runs.count, "\(lines)")
  for (statement, prefix) in zip(ran, case_.runs) {
    #expect(statement.hasPrefix(prefix), "\(lines)")
  }
  if let first = case_.runs.first {
    #expect(status(lines, first)?.reason == case_.reason, "\(lines)")
  }
  if case_.runs.contains("base =") && !case_.runs.contains("cnn =") {
    #expect(status(lines, "base =")?.reason?.contains("dependency `net` changed") == true)
  }
  // The report of this partly cached run is byte-identical to a run without the cache.
  let cachedHTML = try #require(scratch.read("out/c.html"))
  let cachedJSON = try #require(scratch.read("out/c.json"))
  settings.useCache = false
  _ = try scratch.cacheRun(path, settings)
  #expect(scratch.read("out/c.html") == cachedHTML)
  #expect(scratch.read("out/c.json") == cachedJSON)
}

@Test func dataFilesAreInTheKey() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let folder = scratch.path + "/idx"
  try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  func write(labels: UInt8) {
    let images: [UInt8] =
      [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28] + [UInt8](repeating: 7, count: 2 * 784)
    for name in ["train-images-idx3-ubyte", "t10k-images-idx3-ubyte"] {
      #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(images)))
    }
    for name in ["train-labels-idx1-ubyte", "t10k-labels-idx1-ubyte"] {
      #expect(
        FileManager.default.createFile(
          atPath: folder + "/" + name, contents: Data([0, 0, 8, 1, 0, 0, 0, 2, labels, 1])))
    }
  }
  write(labels: 0)
  let path = scratch.notebook(
    "d.md", "# D\n\n```quant\ndata = fashion_mnist(train: 2, test: 2)\ndescribe(data)\n```\n")
  var settings = scratch.settings()
  settings.dataFolder = folder
  _ = try scratch.cacheRun(path, settings)
  let again = try scratch.cacheRun(path, settings)
  #expect(again.allSatisfy { $0.cached })
  write(labels: 2)
  let later = Date(timeIntervalSince1970: 1_000_000_000)  // any time but the write's, not the clock
  try FileManager.default.setAttributes(
    [.modificationDate: later], ofItemAtPath: folder + "/train-labels-idx1-ubyte")
  let lines = try scratch.cacheRun(path, settings)
  #expect(status(lines, "data =")?.reason == "data changed", "\(lines)")
  #expect(status(lines, "describe(")?.reason == "dependency `data` changed", "\(lines)")
}

@Test func corruptTruncatedAndUndecodableEntriesAreRecomputed() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("c.md", cacheNotebook)
  let settings = reproducible(scratch.settings())
  _ = try scratch.cacheRun(path, settings)
  let html = try #require(scratch.read("out/c.html"))
  let entries = scratch.cacheEntries(settings.resolvedCacheFolder)
  #expect(entries.count == 9, "7 statements, 1 prose inline expression and the explain index")
  // Flip one byte in the middle of every entry.
  for entry in entries {
    var bytes = [UInt8](FileManager.default.contents(atPath: entry) ?? Data())
    bytes[bytes.count / 2 + 30] ^= 0x5A
    #expect(FileManager.default.createFile(atPath: entry, contents: Data(bytes)))
  }
  var lines = try scratch.cacheRun(path, settings)
  #expect(lines.count == 7)
  #expect(
    lines.allSatisfy { $0.reason == "entry corrupt: checksum mismatch, recomputed" }, "\(lines)")
  #expect(scratch.read("out/c.html") == html)

  // Truncate every entry.
  for entry in scratch.cacheEntries(settings.resolvedCacheFolder) {
    let bytes = [UInt8](FileManager.default.contents(atPath: entry) ?? Data())
    #expect(
      FileManager.default.createFile(atPath: entry, contents: Data(bytes.prefix(bytes.count - 5))))
  }
  lines = try scratch.cacheRun(path, settings)
  #expect(lines.allSatisfy { $0.reason?.hasPrefix("entry corrupt: truncated") == true }, "\(lines)")
  #expect(scratch.read("out/c.html") == html)

  // Well-framed entries whose payload is not an entry: checksums pass, decoding fails.
  let store = CacheStore(folder: settings.resolvedCacheFolder)
  for entry in scratch.cacheEntries(settings.resolvedCacheFolder) {
    let key = String(URL(fileURLWithPath: entry).deletingPathExtension().lastPathComponent)
    try store.store(key, payload: [1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
  }
  lines = try scratch.cacheRun(path, settings)
  #expect(
    lines.allSatisfy { $0.reason?.hasPrefix("entry corrupt: ") == true && !$0.cached }, "\(lines)")
  #expect(scratch.read("out/c.html") == html)
  lines = try scratch.cacheRun(path, settings)
  #expect(lines.allSatisfy { $0.cached }, "the recomputed entries were stored again: \(lines)")
}

@Test func concurrentRunsShareOneCacheFolder() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("c.md", cacheNotebook)
  let shared = scratch.path + "/shared-cache"
  let failures = Collected()
  DispatchQueue.concurrentPerform(iterations: 3) { i in
    var settings = reproducible(scratch.settings())
    settings.outputFolder = scratch.path + "/out\(i)"
    settings.cacheFolder = shared
    let outcome = try? Runner(settings: settings).run([path]).first
    if outcome?.succeeded != true {
      failures.append(CacheLine(statement: "run \(i)", cached: false, reason: nil))
    }
  }
  #expect(failures.lines.isEmpty)
  var settings = reproducible(scratch.settings())
  settings.cacheFolder = shared
  let lines = try scratch.cacheRun(path, settings)
  #expect(lines.count == 7)
  #expect(lines.allSatisfy { $0.cached }, "\(lines)")
  #expect(scratch.read("out/c.html") == scratch.read("out0/c.html"))
  #expect(scratch.read("out1/c.html") == scratch.read("out2/c.html"))
}

@Test func failedStepsAreNotCached() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook(
    "f.md",
    """
    # F

    ```quant
    data = synthetic(train: 50, test: 20)
    few = subset(data.train, count: 500)
    ```
    """)
  let settings = scratch.settings()
  var lines = try scratch.cacheRun(path, settings)
  #expect(
    lines.map(\.statement) == ["data = synthetic(train: 50, test: 20)"],
    "the failed statement reports nothing")
  lines = try scratch.cacheRun(path, settings)
  #expect(lines.first?.cached == true)
  #expect(lines.count == 1, "\(lines)")
  let json = try #require(scratch.read("out/f.json"))
  #expect(json.contains("subset of 500 images"))
  // Only the successful statement and the index are stored (no inline expressions here).
  #expect(scratch.cacheEntries(settings.resolvedCacheFolder).count == 2)
}

@Test func noCacheWritesNothingAndCleanRemovesTheFolder() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("c.md", cacheNotebook)
  var settings = scratch.settings()
  settings.useCache = false
  let lines = try scratch.cacheRun(path, settings)
  #expect(lines.count == 7 && lines.allSatisfy { $0.reason == "caching is off (--no-cache)" })
  #expect(!scratch.exists("out/.cache"))
  settings.useCache = true
  _ = try scratch.cacheRun(path, settings)
  #expect(scratch.exists("out/.cache"))
  try CacheStore(folder: settings.resolvedCacheFolder).clear()
  #expect(!scratch.exists("out/.cache"))
  #expect(scratch.exists("out/c.html"))
}

@Test func cellOptionCacheFalseAlwaysRuns() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook(
    "o.md", "# O\n\n```quant\n#| cache: false\ndata = synthetic(train: 20, test: 10)\n```\n")
  _ = try scratch.cacheRun(path, scratch.settings())
  let lines = try scratch.cacheRun(path, scratch.settings())
  #expect(lines.map(\.reason) == ["the cell says `cache: false`"])
}

@Test func cachedInlineExpressionsNeedNoValues() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  // `q4` is a quantized model (not stored; it would be re-quantized if read), `data` is a data set.
  let path = scratch.notebook(
    "c.md", cacheNotebook + "\nSize `= q4.size_bytes`, `= data.train.count` images.\n")
  let settings = reproducible(scratch.settings())
  _ = try scratch.cacheRun(path, settings)
  scratch.edit(path, "# Small run", "# Small run, edited")
  var uncached = settings
  uncached.useCache = false
  uncached.outputFolder = scratch.path + "/full"
  _ = try Runner(settings: uncached).run([path])
  let html = try #require(scratch.read("full/c.html"))
  let events = Collected()
  _ = try Runner(settings: settings) { event in
    if case .stepStarted(_, _, let step) = event {
      events.append(CacheLine(statement: step, cached: false, reason: nil))
    }
  }.run([path])
  #expect(events.lines.isEmpty, "nothing is recomputed: \(events.lines)")
  #expect(scratch.read("out/c.html") == html)
  // Without the inline cache entries, the values are materialised (q4 re-quantized, data reloaded).
  let store = CacheStore(folder: settings.resolvedCacheFolder)
  for entry in scratch.cacheEntries(settings.resolvedCacheFolder) {
    let key = String(URL(fileURLWithPath: entry).deletingPathExtension().lastPathComponent)
    if case .hit(let bytes) = store.load(key), bytes.first == 0x49 { unlink(entry) }
  }
  let again = Collected()
  _ = try Runner(settings: settings) { event in
    if case .stepStarted(_, _, let step) = event {
      again.append(CacheLine(statement: step, cached: false, reason: nil))
    }
  }.run([path])
  #expect(again.lines.map(\.statement).sorted() == ["quantize", "synthetic"], "\(again.lines)")
  #expect(scratch.read("out/c.html") == html)
}
