import Foundation
import Testing
@testable import NotebookRunner

@Test func proseEditKeepsEverythingCached() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("c.md", cacheNotebook)
  let first = try scratch.cacheRun(path, scratch.settings())
  #expect(first.count == 7)
  #expect(first.allSatisfy { !$0.cached && $0.reason == "new statement" }, "\(first)")
  scratch.edit(path, "# Small run", "# Small run, with new words\n\nMore prose, even `= net.parameters` inline.")
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
    description: "source", change: { s, p, _ in s.edit(p, "bits: 4, activation_bits", "bits: 5, activation_bits") },
    runs: ["q4 =", "evaluate(q4"], reason: "source changed"),
  Invalidation(
    description: "source upstream", change: { s, p, _ in s.edit(p, "batch: 30", "batch: 20") },
    runs: ["net =", "base =", "for bits", "q4 =", "evaluate(q4"], reason: "source changed"),
  Invalidation(
    description: "comment and layout only", change: { s, p, _ in s.edit(p, "base = evaluate(net, on: data.test)", "base  =  evaluate(net,on: data.test)  # the float model") },
    runs: [], reason: ""),
  Invalidation(
    description: "parameter", change: { _, _, settings in settings.parameterOverrides = ["epochs=2"] },
    runs: ["net =", "base =", "for bits", "q4 =", "evaluate(q4"], reason: "parameter `epochs` changed (1 -> 2)"),
  Invalidation(
    description: "seed", change: { s, p, _ in s.edit(p, "seed: 5", "seed: 6") },
    runs: ["data =", "cnn =", "net =", "base =", "for bits", "q4 =", "evaluate(q4"], reason: "seed changed (5 -> 6)"),
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
  for (statement, prefix) in zip(ran, case_.runs) { #expect(statement.hasPrefix(prefix), "\(lines)") }
  if let first = case_.runs.first { #expect(status(lines, first)?.reason == case_.reason, "\(lines)") }
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
    let images: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28] + [UInt8](repeating: 7, count: 2 * 784)
    for name in ["train-images-idx3-ubyte", "t10k-images-idx3-ubyte"] {
      FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(images))
    }
    for name in ["train-labels-idx1-ubyte", "t10k-labels-idx1-ubyte"] {
      FileManager.default.createFile(atPath: folder + "/" + name, contents: Data([0, 0, 8, 1, 0, 0, 0, 2, labels, 1]))
    }
  }
  write(labels: 0)
  let path = scratch.notebook("d.md", "# D\n\n```quant\ndata = fashion_mnist(train: 2, test: 2)\ndescribe(data)\n```\n")
  var settings = scratch.settings()
  settings.dataFolder = folder
  _ = try scratch.cacheRun(path, settings)
  let again = try scratch.cacheRun(path, settings)
  #expect(again.allSatisfy { $0.cached })
  write(labels: 2)
  let later = Date().addingTimeInterval(10)
  try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: folder + "/train-labels-idx1-ubyte")
  let lines = try scratch.cacheRun(path, settings)
  #expect(status(lines, "data =")?.reason == "data changed", "\(lines)")
  #expect(status(lines, "describe(")?.reason == "dependency `data` changed", "\(lines)")
}
