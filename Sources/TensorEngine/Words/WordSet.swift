import Kernels

/// The word data set: words labelled with their language, split by a fixed rule.
///
/// Per language (label order of `WordLanguage`): the distinct words of its list that pass
/// `WordRule`, minus every word that also survives in another language, ordered by the SHA-256
/// hex digest of their UTF-8 bytes; the first `testPerLanguage` are test words, the next
/// `trainPerLanguage` training words. The alphabet is the sorted set of Unicode scalars of the
/// training words; a word is encoded as `WordRule.maximumLength` indices: 0 padding,
/// 1 unknown, alphabet letter `k` as `k + 2`, the word's letters first.
public struct WordSet: Sendable, Equatable {
  public static let testPerLanguage = 1000
  public static let trainPerLanguage = 8000

  /// Language names in label order.
  public var languages: [String]
  /// Training words in split order (language after language, digest order within one).
  public var trainWords: [String]
  public var trainLabels: [UInt8]
  public var testWords: [String]
  public var testLabels: [UInt8]
  /// The sorted letters of the training words.
  public var alphabet: [Unicode.Scalar]
  /// Per language, the distinct words its list gave before ambiguous ones were dropped.
  public var keptPerLanguage: [Int]

  public init(
    languages: [String], trainWords: [String], trainLabels: [UInt8], testWords: [String],
    testLabels: [UInt8], keptPerLanguage: [Int], alphabet: [Unicode.Scalar]? = nil
  ) {
    self.languages = languages
    self.trainWords = trainWords
    self.trainLabels = trainLabels
    self.testWords = testWords
    self.testLabels = testLabels
    self.keptPerLanguage = keptPerLanguage
    self.alphabet =
      alphabet ?? Set(trainWords.flatMap(\.unicodeScalars)).sorted { $0.value < $1.value }
  }

  /// Builds the set from the raw bytes of each language's list (in `WordLanguage` order, or
  /// any names for tests), the lists scanned on up to `threads` threads. Throws when a
  /// language has fewer than 9,000 unambiguous words or the alphabet does not fit a byte.
  public static func build(lists: [(language: String, bytes: [UInt8])], threads: Int = 1) throws
    -> WordSet
  {
    let scanned = UnsafeMutableBufferPointer<ScannedList>.allocate(capacity: lists.count)
    defer { scanned.deallocate() }
    // Longest lists first, so that two threads share the work evenly.
    let order = lists.indices.sorted { lists[$0].bytes.count > lists[$1].bytes.count }
    let next = NextIndex()
    parallelFor(max(1, min(threads, lists.count)), threads: threads) { _ in
      while let k = next.take(below: order.count) {
        (scanned.baseAddress! + order[k]).initialize(to: ScannedList(lists[order[k]].bytes))
      }
    }
    defer { _ = scanned.baseAddress!.deinitialize(count: lists.count) }
    var train: [String] = []
    var test: [String] = []
    var trainLabels: [UInt8] = []
    var testLabels: [UInt8] = []
    let needed = testPerLanguage + trainPerLanguage
    for label in lists.indices {
      let list = scanned[label]
      var chosen: [String] = []
      chosen.reserveCapacity(needed)
      for e in list.entries where chosen.count < needed {
        let word = list.bytes(e)
        let ambiguous = lists.indices.contains {
          $0 != label && scanned[$0].contains(high: e.high, low: e.low, bytes: word)
        }
        if !ambiguous { chosen.append(list.word(e)) }
      }
      guard chosen.count == needed else {
        throw EngineError.invalidArgument(
          "\(lists[label].language): only \(chosen.count) unambiguous words, need \(needed)")
      }
      test += chosen[0..<testPerLanguage]
      train += chosen[testPerLanguage...]
      testLabels += Array(repeating: UInt8(label), count: testPerLanguage)
      trainLabels += Array(repeating: UInt8(label), count: trainPerLanguage)
    }
    let set = WordSet(
      languages: lists.map(\.language), trainWords: train, trainLabels: trainLabels,
      testWords: test, testLabels: testLabels,
      keptPerLanguage: lists.indices.map { scanned[$0].entries.count })
    guard set.alphabet.count + 2 <= 256 else {
      throw EngineError.invalidArgument(
        "the alphabet has \(set.alphabet.count) letters; at most 254 fit a byte")
    }
    return set
  }

  /// The 16 indices of `word`: letters first (1 for a letter not in the alphabet), then 0.
  public func encode(_ word: String) -> [UInt8] { Self.encode(word, index: letterIndex) }

  /// Each alphabet letter's index (`k + 2` for letter `k`), keyed by its scalar value.
  private var letterIndex: [UInt32: UInt8] {
    Dictionary(alphabet.enumerated().map { ($1.value, UInt8($0 + 2)) }) { $1 }
  }

  static func encode(_ word: String, index: [UInt32: UInt8]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: WordRule.maximumLength)
    for (i, scalar) in word.unicodeScalars.prefix(WordRule.maximumLength).enumerated() {
      out[i] = index[scalar.value] ?? 1
    }
    return out
  }

  /// The first `train` / `test` words of each language's split (all when nil), with the
  /// alphabet of the whole set (so that a subset encodes words exactly as the full set does).
  public func subset(trainPerLanguage train: Int?, testPerLanguage test: Int?) -> WordSet {
    func keep(_ count: Int, _ per: Int, _ take: Int?) -> [Int] {
      (0..<count).filter { take == nil || $0 % per < take! }
    }
    let tr = keep(trainWords.count, Self.trainPerLanguage, train)
    let te = keep(testWords.count, Self.testPerLanguage, test)
    return WordSet(
      languages: languages, trainWords: tr.map { trainWords[$0] },
      trainLabels: tr.map { trainLabels[$0] }, testWords: te.map { testWords[$0] },
      testLabels: te.map { testLabels[$0] }, keptPerLanguage: keptPerLanguage,
      alphabet: alphabet)
  }

  /// The data set the engine trains on: each word's 16 indices as a `[16]` sequence.
  public func dataset() -> Dataset {
    let index = letterIndex
    func split(_ words: [String], _ labels: [UInt8]) -> Split {
      try! Split(
        images: words.flatMap { Self.encode($0, index: index) }, labels: labels,
        imageShape: [WordRule.maximumLength])
    }
    return try! Dataset(
      train: split(trainWords, trainLabels), test: split(testWords, testLabels),
      classNames: languages)
  }

  /// SHA-256 hex of `words` joined by "\n" (the data set's check figures).
  public static func joinedDigest(_ words: [String]) -> String {
    SHA256.hex(Array(words.joined(separator: "\n").utf8))
  }
}
