import Foundation
import StepLanguage
import TensorEngine

/// How one top-level statement of a run was handled: from the cache, or run and why.
public struct StatementStatus: Sendable, Equatable {
  /// The statement's first line in the notebook file.
  public var line: Int
  /// `net = train(...)`, `evaluate(...)`, `for bits in ...`: the statement, shortened.
  public var statement: String
  public var cached: Bool
  /// Why it ran (nil when cached): `new statement`, `source changed`, `dependency \`net\`
  /// changed`, `parameter \`epochs\` changed (1 -> 2)`, `data changed`, `seed changed`,
  /// `engine version changed`, `entry corrupt: <reason>, recomputed`, `caching is off`, ...
  public var reason: String?
}

/// The step cache of one notebook run: computes each top-level statement's key, looks it up,
/// stores what ran, and remembers the key parts of this run so that the next run can say
/// which input changed (an index entry per notebook in the same store).
final class StepCache {
  /// What to do with a statement.
  enum Plan {
    case hit(CacheEntry)
    /// Run it; store the result afterwards when `store` is true.
    case run(reason: String, store: Bool)
  }

  /// Steps that read or write files outside the key (`load` reads a model file, `save` writes
  /// one): statements calling them always run.
  static let fileSteps: Set<String> = ["save", "load", "export"]

  let store: CacheStore
  /// False with `--no-cache`: nothing is read or written, every statement runs.
  let enabled: Bool
  private let seed: UInt64
  private let version: String
  private let parameters: [String: String]
  private let locator: DataLocator
  private let indexKey: String
  private var definitionKeys: [String: String] = [:]
  private var previous: [(identity: String, ordinal: Int, parts: StepKeyParts)] = []
  private var current: [(identity: String, ordinal: Int, parts: StepKeyParts)] = []
  private var fingerprints: [Set<String>: [String]] = [:]
  private var ordinal = 0
  private(set) var statuses: [StatementStatus] = []
  /// How this run shares the folder with other processes (claims, warnings; Shared.swift).
  var sharing = CacheSharing()
  /// The integer kernel path of this host (`HostDescription.integerKernels`): part of the key
  /// of whatever reads it (`StepKeyParts.kernelPath`).
  var kernelPath = ""
  /// Where data files' content hashes are remembered (nil with `--no-cache`: hash each run).
  lazy var dataMemo: CacheStore? = enabled ? store : nil

  init(
    store: CacheStore, enabled: Bool, notebookPath: String, seed: UInt64, version: String,
    parameters: [NotebookParameter], locator: DataLocator
  ) {
    self.store = store
    self.enabled = enabled
    self.seed = seed
    self.version = version
    self.locator = locator
    var values: [String: String] = [:]
    for p in parameters { values[p.name] = p.value.description }
    self.parameters = values
    indexKey = SHA256.hex(Array("quantbook explain index\0\(notebookPath)".utf8))
    if enabled, case .hit(let bytes) = store.load(indexKey) {
      previous = (try? Self.decodeIndex(bytes)) ?? []
    }
  }

  /// The key parts of a top-level statement, from its source and what it reads.
  func parts(of statement: TypedStatement, in cell: CheckedCell) -> StepKeyParts {
    let (dependencies, readParameters) = reads(statement.dependencies)
    let steps = StepKeyParts.stepNames(statement).intersection(["fashion_mnist", "mnist"])
    let data: [String]
    if let known = fingerprints[steps] {
      data = known
    } else {
      data = StepKeyParts.dataFingerprint(steps: steps, locator: locator, memo: dataMemo)
      fingerprints[steps] = data
    }
    return StepKeyParts(
      source: StepKeyParts.normalisedSource(statement, in: cell), dependencies: dependencies,
      parameters: readParameters, data: data, seed: seed, version: version,
      kernelPath: StepKeyParts.readsKernelPath(statement) ? kernelPath : "")
  }

  /// The key of a prose inline expression `= text`: its text and what it reads (no data files).
  func inlineKey(_ inline: CheckedInline, text: String) -> String? {
    guard enabled else { return nil }
    let (dependencies, readParameters) = reads(inline.dependencies)
    return StepKeyParts(
      source: "inline " + text, dependencies: dependencies, parameters: readParameters, data: [],
      seed: seed, version: version,
      kernelPath: StepKeyParts.readsKernelPath(inline.expression) ? kernelPath : ""
    ).key
  }

  /// The names read, split into those an earlier statement defined (with its key) and the
  /// notebook parameters (with their values).
  private func reads(_ names: [String]) -> ([String: String], [String: String]) {
    let unique = Set(names)
    return (
      Dictionary(
        uniqueKeysWithValues: unique.compactMap { n in definitionKeys[n].map { (n, $0) } }),
      Dictionary(
        uniqueKeysWithValues: unique.filter { definitionKeys[$0] == nil }.map {
          ($0, parameters[$0] ?? "(unknown)")
        })
    )
  }

  /// The stored text of an inline expression, if any (a bad entry is simply a miss).
  func inlineText(key: String) -> String? {
    guard case .hit(let bytes) = store.load(key) else { return nil }
    var r = CacheReader(bytes)
    guard (try? r.u8()) == Self.inlineTag, let text = try? r.string(), r.isAtEnd else { return nil }
    return text
  }

  func saveInline(_ text: String, key: String) {
    var w = CacheWriter()
    w.u8(Self.inlineTag)
    w.string(text)
    keep(key, w.bytes)
  }

  /// Whether a failure to store was said already (once per notebook run is enough).
  private var warnedUnwritable = false

  /// Stores an entry; a failure only costs a later recomputation, and is said once.
  private func keep(_ key: String, _ payload: [UInt8]) {
    do throws(RunnerError) {
      try store.store(key, payload: payload)
    } catch {
      guard !warnedUnwritable else { return }
      warnedUnwritable = true
      var why = error.description
      if case .unwritable(let path, let reason) = error { why = "\(path): \(reason)" }
      sharing.notify(
        "warning: the step cache could not be written (\(why)); results of this run are not "
          + "kept and the next run computes them again")
    }
  }

  /// First byte of an inline expression's entry (statement entries start with their layout, 1).
  private static let inlineTag: UInt8 = 0x49

  /// Looks `parts` up; `cellCaches` is the cell's `#| cache:` option.
  func plan(_ statement: TypedStatement, parts: StepKeyParts, cellCaches: Bool) -> Plan {
    let identity = Self.identity(statement, parts)
    defer {
      current.append((identity, ordinal, parts))
      ordinal += 1
    }
    guard enabled else { return .run(reason: "caching is off (--no-cache)", store: false) }
    guard cellCaches else { return .run(reason: "the cell says `cache: false`", store: false) }
    let files = StepKeyParts.stepNames(statement).intersection(Self.fileSteps)
    guard files.isEmpty else {
      return .run(
        reason:
          "it calls \(files.sorted().joined(separator: ", ")), which touches files: never cached",
        store: false)
    }
    switch store.load(parts.key) {
    case .hit(let bytes):
      do {
        return .hit(try CacheEntry(decoding: bytes))
      } catch {
        warnCorrupt(statement, error.description)
        return .run(reason: "entry corrupt: \(error.description), recomputed", store: true)
      }
    case .corrupt(let problem):
      warnCorrupt(statement, problem)
      return .run(reason: "entry corrupt: \(problem), recomputed", store: true)
    case .miss:
      return .run(reason: explain(identity, parts), store: true)
    }
  }

  /// Records that `name` is defined by the statement with key `key`.
  func define(_ name: String, key: String) { definitionKeys[name] = key }

  /// Stores a statement's result; a failure to write only costs a later recomputation.
  func save(_ entry: CacheEntry, key: String) {
    keep(key, entry.encoded())
  }

  func record(_ status: StatementStatus) { statuses.append(status) }

  /// Writes this run's key parts (for the next run's explanations).
  func finish() {
    guard enabled else { return }
    var w = CacheWriter()
    w.array(current) { w, record in
      w.string(record.identity)
      w.int(record.ordinal)
      record.parts.encode(into: &w)
      w.string(record.parts.kernelPath)
    }
    keep(indexKey, w.bytes)
  }

  private func explain(_ identity: String, _ parts: StepKeyParts) -> String {
    let match =
      previous.first { $0.identity == identity }
      ?? (identity.hasPrefix("=")
        ? nil : previous.first { $0.ordinal == ordinal && !$0.identity.hasPrefix("=") })
    guard let match else { return "new statement" }
    return parts.difference(from: match.parts)
      ?? "not in the cache (cleaned, or an earlier run failed)"
  }

  /// An assignment is known by its name, a shown expression or loop by its source.
  private static func identity(_ statement: TypedStatement, _ parts: StepKeyParts) -> String {
    if case .assignment(let name, _) = statement.kind { return "=" + name }
    return "~" + parts.source
  }

  private static func decodeIndex(_ bytes: [UInt8]) throws(CacheDecodingError)
    -> [(identity: String, ordinal: Int, parts: StepKeyParts)]
  {
    var r = CacheReader(bytes)
    return try r.array { r throws(CacheDecodingError) in
      let identity = try r.string()
      let ordinal = try r.int()
      var parts = try StepKeyParts.decode(&r)
      parts.kernelPath = try r.string()
      return (identity: identity, ordinal: ordinal, parts: parts)
    }
  }
}
