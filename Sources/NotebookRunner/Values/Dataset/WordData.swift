import Foundation
import TensorEngine

extension DataLocator {
  /// The hint for missing word lists: the Debian packages that install them.
  static let wordListHint =
    "install them with 'apt-get install -y \(WordLanguage.packages)', "
    + "or point --data-dir (or QUANTBOOK_DATA) at a folder holding the ten lists"

  /// The folder holding the ten word lists (`american-english`, `ngerman`, ... `catalan`):
  /// `--data-dir`, else `QUANTBOOK_DATA`, else `/usr/share/dict` (where Debian's packages put
  /// them). A folder the user named that lacks them is an error, never a fall-back.
  /// - Throws: `RunnerError.dataMissing` naming the packages.
  func locateWordLists() throws(RunnerError) -> [String] {
    try validate()
    let folders = candidates(system: "/usr/share/dict")
    for folder in folders {
      let paths = WordLanguage.allCases.map { folder + "/" + $0.fileName }
      let missing = paths.filter { !FileManager.default.fileExists(atPath: $0) }
      if missing.isEmpty { return paths }
      if folder == explicitFolder || folder == environmentFolder || folder == folders.last {
        let names = missing.map { URL(fileURLWithPath: $0).lastPathComponent }
        throw .dataMissing(
          name: "Words", searched: Array(folders.prefix { $0 != folder }) + [folder],
          hint: "its word lists \(names.joined(separator: ", ")) are missing; " + Self.wordListHint)
      }
    }
    throw .dataMissing(name: "Words", searched: folders, hint: Self.wordListHint)
  }
}

extension DataProvider {
  /// The whole word set, built once per run from the lists (a few seconds for ~6.5 M lines)
  /// or read from the step cache (`CacheStore`, checksummed), keyed by the rule version and
  /// each list's path, size and modification time.
  func wordSet() throws(RunnerError) -> LoadedDataset {
    lock.lock()
    defer { lock.unlock() }
    if let words { return words }
    let paths = try locator.locateWordLists()
    let fingerprint = (["words-rule-v1"] + paths.map { DataLocator.stamp($0).text })
      .joined(separator: "\n")
    // A cache entry (magic, version, length, SHA-256 of the payload): a damaged one is
    // found out and rebuilt, never read as a different word set.
    let store = cacheFolder.map { CacheStore(folder: $0) }
    let key = SHA256.hex(Array(("quantbook word set\0" + fingerprint).utf8))
    var set: WordSet?
    if let store, case .hit(let bytes) = store.load(key) {
      set = try? WordSet(serialized: bytes)
    }
    if set == nil {
      var lists: [(language: String, bytes: [UInt8])] = []
      for (language, path) in zip(WordLanguage.allCases, paths) {
        lists.append((language.name, try DataLocator.read(path)))
      }
      do {
        set = try WordSet.build(lists: lists, threads: threads)
      } catch {
        // `french: only 0 unambiguous words` names the list that is wrong.
        let text = "\(error)"
        let culprit = zip(WordLanguage.allCases, paths).first {
          text.contains("\($0.0.name): ")
        }
        throw .dataCorrupt(path: culprit?.1 ?? paths.joined(separator: ", "), reason: text)
      }
      if let store, let built = set {
        // A cache that cannot be written only costs the next run the build again.
        try? store.store(key, payload: built.serialized())
      }
    }
    let words = set!
    let value = LoadedDataset(
      dataset: words.dataset(), name: "Words",
      checksums: [("training", words.trainWords), ("test", words.testWords)].map {
        ("all \($1.count) \($0) words, joined by newlines", WordSet.joinedDigest($1))
      },
      words: words)
    self.words = value
    return value
  }
}

extension DataSteps {
  /// `words(train:, test:)`: the first `train / 10` training and `test / 10` test words of each
  /// language (both must be multiples of 10, so every language has the same share).
  static func loadWords(_ call: StepCall) throws(StepFailure) -> RuntimeValue {
    let train = try call.int("train")
    let test = try call.int("test")
    for (name, value) in [("train", train), ("test", test)] where value % 10 != 0 {
      throw StepFailure(
        "words(\(name): \(value)): the words are shared evenly by 10 languages, so \(name) "
          + "must be a multiple of 10", at: call.range(of: name),
        hint: "use \(name): \(max(10, value / 10 * 10))")
    }
    let full = try call.engine { try call.environment.data.wordSet() }
    let words = full.words!.subset(trainPerLanguage: train / 10, testPerLanguage: test / 10)
    var loaded = full
    loaded.words = words
    loaded.dataset = words.dataset()
    if train != 80000 || test != 10000 {
      loaded.name = "Words (\(train / 10) + \(test / 10) per language)"
    }
    return .dataset(loaded)
  }
}
