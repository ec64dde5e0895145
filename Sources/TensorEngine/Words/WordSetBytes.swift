/// The word set as bytes (the runner's cache of a built set), little-endian:
///
/// ```
/// "QBWD"  magic; u32 version (1)
/// u32     language count, then per language: u32 byte count + UTF-8 name, u32 kept words
/// twice (train, then test): u32 word count, u32 byte count + the words joined by "\n",
///         then one u8 label per word
/// u32     alphabet size, then u32 per letter (its scalar value)
/// ```
extension WordSet {
  static let magic: [UInt8] = Array("QBWD".utf8)

  public func serialized() -> [UInt8] {
    var w = ByteWriter()
    w.bytes += Self.magic
    w.u32(1)
    w.int(languages.count)
    for (name, kept) in zip(languages, keptPerLanguage) {
      let utf8 = Array(name.utf8)
      w.int(utf8.count)
      w.bytes += utf8
      w.int(kept)
    }
    for (words, labels) in [(trainWords, trainLabels), (testWords, testLabels)] {
      let joined = Array(words.joined(separator: "\n").utf8)
      w.int(words.count)
      w.int(joined.count)
      w.bytes += joined
      w.bytes += labels
    }
    w.int(alphabet.count)
    for letter in alphabet { w.u32(letter.value) }
    return w.bytes
  }

  /// Reads `serialized()` bytes; throws `EngineError.malformedModel` for anything else.
  public init(serialized bytes: [UInt8]) throws {
    guard bytes.count >= 8, Array(bytes[0..<4]) == Self.magic else {
      throw EngineError.malformedModel("not a word set file")
    }
    var r = ByteReader(bytes, from: 4, failure: EngineError.malformedModel)
    guard try r.u32("version") == 1 else { throw EngineError.malformedModel("word set version") }
    var languages: [String] = []
    var kept: [Int] = []
    for _ in 0..<(try r.count("languages", limit: 256)) {
      let n = try r.count("name bytes", limit: 1024)
      languages.append(String(decoding: try r.bytes(n, "name"), as: UTF8.self))
      kept.append(try r.count("kept words", limit: 1 << 30))
    }
    func split() throws -> ([String], [UInt8]) {
      let count = try r.count("words", limit: 1 << 24)
      let n = try r.count("word bytes", limit: 1 << 30)
      let text = String(decoding: try r.bytes(n, "words"), as: UTF8.self)
      let words = count == 0 ? [] : text.split(separator: "\n", omittingEmptySubsequences: false)
      guard words.count == count else { throw EngineError.malformedModel("word count") }
      return (words.map(String.init), Array(try r.bytes(count, "labels")))
    }
    let (train, trainLabels) = try split()
    let (test, testLabels) = try split()
    var alphabet: [Unicode.Scalar] = []
    for _ in 0..<(try r.count("alphabet", limit: 256)) {
      guard let letter = Unicode.Scalar(try r.u32("letter")) else {
        throw EngineError.malformedModel("letter")
      }
      alphabet.append(letter)
    }
    guard r.position == bytes.count else { throw EngineError.malformedModel("trailing bytes") }
    self.init(
      languages: languages, trainWords: train, trainLabels: trainLabels, testWords: test,
      testLabels: testLabels, keptPerLanguage: kept, alphabet: alphabet)
  }
}
