import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// Two notebooks for the shard tests: one with two sharded loops (evaluations in a nested
/// loop, then scalars) and a prose expression, one with no sharded loop at all.
enum ShardNotebooks {
  static let sweep = """
    ---
    title: Shard sweep
    seed: 3
    ---

    # Shard sweep

    The float model scores `= base.accuracy`.

    ```quant
    data = synthetic(train: 200, test: 60)
    cnn = sequential(input: 28x28x1) [
      conv2d(4, kernel: 3, activation: relu)
      maxpool(2)
      flatten()
      dense(10, activation: softmax)
    ]
    net = train(cnn, on: data.train, epochs: 1, batch: 20, optimizer: adam(lr: 0.003))
    base = evaluate(net, on: data.test)
    ```

    ```quant
    #| caption: Bits and methods
    #| shard: true
    for bits in [8, 4, 2] {
      for method in [linear, log2] {
        evaluate(quantize(net, bits: bits, method: method), on: data.test)
      }
    }
    ```

    ```quant
    #| shard: true
    for bits in [8, 6, 4, 2] {
      quantize_signal(signal(samples: 64), bits: bits).sqnr
    }
    ```

    """

  static let plain = """
    ---
    title: Plain
    seed: 4
    ---

    # Plain

    ```quant
    data = synthetic(train: 100, test: 40)
    cnn = sequential(input: 28x28x1) [
      flatten()
      dense(10, activation: softmax)
    ]
    net = train(cnn, on: data.train, epochs: 1, batch: 20, optimizer: adam(lr: 0.01))
    for bits in [8, 4] {
      evaluate(quantize(net, bits: bits), on: data.test)
    }
    ```

    """

  /// Writes both notebooks into `scratch` and returns their paths (sweep first).
  static func write(_ scratch: Scratch) -> [String] {
    [scratch.notebook("a-sweep.md", sweep), scratch.notebook("b-plain.md", plain)]
  }
}

extension Scratch {
  /// Reproducible settings writing to `output` with the cache in `cache` (both under here).
  func shardSettings(output: String, cache: String, shard: ShardSpec? = nil) -> RunSettings {
    var settings = reproducible(settings())
    settings.outputFolder = path + "/" + output
    settings.cacheFolder = path + "/" + cache
    settings.shard = shard
    return settings
  }

  /// The reports a run wrote (`NAME.html`, `NAME.json`, `index.html`) by name, as bytes.
  func reports(_ output: String) -> [String: Data] {
    let folder = path + "/" + output
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    var files: [String: Data] = [:]
    for name in names where name.hasSuffix(".html") || name.hasSuffix(".json") {
      if name.hasSuffix(".timings.json") { continue }  // measured times, by design not equal
      files[name] = FileManager.default.contents(atPath: folder + "/" + name)
    }
    return files
  }

  /// Every `KEY label` line of the computation journals under `cache`.
  func journalLines(_ cache: String) -> [String] {
    let folder = path + "/" + cache + "/journal"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.flatMap { name in
      let text = String(
        decoding: FileManager.default.contents(atPath: folder + "/" + name) ?? Data(),
        as: UTF8.self)
      return text.split(separator: "\n").map(String.init)
    }
  }
}

/// Expects `merged` to hold exactly the files of `single`, byte for byte.
func expectSameReports(
  _ merged: [String: Data], _ single: [String: Data], atLeast: Int = 5,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    merged.keys.sorted() == single.keys.sorted(), "report files differ",
    sourceLocation: sourceLocation)
  #expect(
    single.count >= atLeast, "expected the reports, their JSON and the index",
    sourceLocation: sourceLocation)
  for (name, bytes) in single {
    #expect(
      merged[name] == bytes, "\(name) differs from the single run", sourceLocation: sourceLocation)
  }
}

/// Keys computed more than once according to the journal lines.
func computedTwice(_ lines: [String]) -> [String] {
  var seen: [String: Int] = [:]
  for line in lines { seen[String(line.prefix(64)), default: 0] += 1 }
  return seen.filter { $0.value > 1 }.map { key, _ in
    lines.first { $0.hasPrefix(key) } ?? key
  }.sorted()
}
