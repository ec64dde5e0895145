import Foundation
import StepLanguage
import TensorEngine

/// Everything a top-level statement's result depends on; `key` is their SHA-256.
///
/// - `source`: the statement's tokens' text joined by single spaces, comments, blank lines
///   and indentation dropped (so reformatting or a comment edit keeps the key; prose is never
///   part of any key).
/// - `dependencies`: for each notebook-level name the statement reads that an earlier
///   statement defined, that statement's key (a Merkle chain: a change upstream changes every
///   key downstream).
/// - `parameters`: for each notebook parameter it reads, the parameter's value.
/// - `data`: for each data set file a loading step in it reads, `name size sha256` (the file
///   name without its folder, its size and content hash). The hash is memoised in the cache
///   per host, path, size and mtime, so a file is hashed once per machine, not on every run.
/// - `seed`: the notebook seed. `version`: `QuantbookVersion.string` (injectable for tests).
/// - `kernelPath`: the integer kernel path (`HostDescription.integerKernels`), only for a
///   statement or inline expression that reads it (`.kernels` of an integer model), else "".
/// - Otherwise never the host: not the thread count (the engine is bit-identical for any number of
///   threads), not the data folder's path, not the CPU or kernel path. The float GEMM's
///   summation order differs between kernel paths (AVX2 and AVX-512 give results equal within
///   a stated bound, not bit for bit), so on a cluster of mixed CPUs an entry is valid
///   everywhere but bit-identical to what the reading host would compute only if both hosts
///   use the same kernel path (`--kernels` or `QUANTBOOK_KERNELS` pins one; docs/SCALE.md).
struct StepKeyParts: Sendable, Equatable {
  var source: String
  var dependencies: [String: String]
  var parameters: [String: String]
  var data: [String]
  var seed: UInt64
  var version: String
  var kernelPath = ""

  /// The SHA-256 of the parts; `kernelPath` is appended only when set, so the keys of the
  /// statements that do not read it are those of earlier versions.
  var key: String {
    var w = CacheWriter()
    w.string("quantbook step key 1")
    encode(into: &w)
    if !kernelPath.isEmpty { w.string(kernelPath) }
    return SHA256.hex(w.bytes)
  }

  func encode(into w: inout CacheWriter) {
    w.string(source)
    w.stringPairs(dependencies.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    w.stringPairs(parameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    w.strings(data)
    w.u64(seed)
    w.string(version)
  }

  static func decode(_ r: inout CacheReader) throws(CacheDecodingError) -> StepKeyParts {
    // A key twice (only in a damaged entry): the last pair wins.
    StepKeyParts(
      source: try r.string(),
      dependencies: Dictionary(try r.stringPairs(), uniquingKeysWith: { $1 }),
      parameters: Dictionary(try r.stringPairs(), uniquingKeysWith: { $1 }),
      data: try r.strings(), seed: try r.u64(), version: try r.string())
  }

  /// Why a statement whose key was `previous` in the last run does not hit now.
  func difference(from previous: StepKeyParts) -> String? {
    if version != previous.version {
      return "engine version changed (\(previous.version) -> \(version))"
    }
    if source != previous.source { return "source changed" }
    if kernelPath != previous.kernelPath { return "kernel path changed" }
    var reasons: [String] = []
    for name in Set(dependencies.keys).union(previous.dependencies.keys).sorted()
    where dependencies[name] != previous.dependencies[name] {
      reasons.append("dependency `\(name)` changed")
    }
    for name in Set(parameters.keys).union(previous.parameters.keys).sorted()
    where parameters[name] != previous.parameters[name] {
      reasons.append(
        "parameter `\(name)` changed (\(previous.parameters[name] ?? "unset") -> "
          + "\(parameters[name] ?? "unset"))"
      )
    }
    if data != previous.data { reasons.append("data changed") }
    if seed != previous.seed { reasons.append("seed changed (\(previous.seed) -> \(seed))") }
    return reasons.isEmpty ? nil : reasons.joined(separator: ", ")
  }

  /// The normalised source of `statement`: the cell's tokens inside its range.
  static func normalisedSource(_ statement: TypedStatement, in cell: CheckedCell) -> String {
    let range =
      statement.range.start.offset..<max(statement.range.start.offset, statement.range.end.offset)
    let skipped: Set<TokenKind> = [.comment, .newline, .cellOption, .endOfFile]
    return cell.tokens.lazy
      .filter { range.contains($0.range.start.offset) && !skipped.contains($0.kind) }
      .map(\.text).joined(separator: " ")
  }

  /// `name size sha256` of each file of the data sets `steps` load (located as the loader
  /// would); `kind: missing` when they cannot be found. `memo` keeps each file's hash by
  /// host, path, size and mtime.
  static func dataFingerprint(steps: Set<String>, locator: DataLocator, memo: CacheStore?)
    -> [String]
  {
    let kinds: [(String, DataLocator.Kind)] = [("fashion_mnist", .fashionMNIST), ("mnist", .mnist)]
    var lines: [String] = []
    for (step, kind) in kinds where steps.contains(step) {
      guard let files = try? locator.locate(kind) else {
        lines.append("\(kind.rawValue): missing")
        continue
      }
      for path in files.all {
        let (size, local) = DataLocator.stamp(path)
        let name = (path as NSString).lastPathComponent
        let hash = contentHash(path, local: local, memo: memo)
        lines.append("\(name) \(size) \(hash)")
      }
    }
    return lines
  }
}

extension StepKeyParts {
  /// The SHA-256 of the file at `path`, from `memo` when this host hashed the same file
  /// (`local`: path, size, mtime) before; `unreadable` when it cannot be read.
  static func contentHash(_ path: String, local: String, memo: CacheStore?) -> String {
    let memoKey = SHA256.hex(Array("quantbook data hash 1\0\(CacheClaim.hostName)\0\(local)".utf8))
    if let memo, case .hit(let bytes) = memo.load(memoKey), bytes.count == 64 {
      return String(decoding: bytes, as: UTF8.self)
    }
    guard let data = FileManager.default.contents(atPath: path) else { return "unreadable" }
    let hash = SHA256.hex([UInt8](data))
    try? memo?.store(memoKey, payload: Array(hash.utf8))
    return hash
  }
}
