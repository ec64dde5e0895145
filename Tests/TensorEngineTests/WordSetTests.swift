import Foundation
import Testing

@testable import TensorEngine

/// `count` distinct lowercase ASCII words that start with `prefix` (base-26 digits after it).
private func syntheticWords(_ prefix: String, count: Int) -> [String] {
  (0..<count).map { i in
    var n = i
    var letters = ""
    for _ in 0..<4 {
      letters.append(Character(Unicode.Scalar(UInt8(97 + n % 26))))
      n /= 26
    }
    return prefix + letters
  }
}

private func list(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\n").utf8) }

@Test func wordRuleNormalizesAndRejects() {
  // NFC: "e" + combining acute becomes "é"; uppercase is lowered; white space trimmed.
  #expect(WordRule.unicodeWord("  E\u{301}te\u{301}\t") == "\u{E9}t\u{E9}")
  #expect(WordRule.unicodeWord("Straße") == "straße")
  // Catalan's middle dot is punctuation (Po), not a letter.
  #expect(WordRule.unicodeWord("col·lecció") == nil)
  #expect(WordRule.unicodeWord("don't") == nil)
  #expect(WordRule.unicodeWord("ab") == nil)
  #expect(WordRule.unicodeWord(String(repeating: "a", count: 16)) != nil)
  #expect(WordRule.unicodeWord(String(repeating: "a", count: 17)) == nil)
  // The byte path agrees with the general one.
  let lines = [
    "  Hello ", "ab", "abc", "x-ray", String(repeating: "Q", count: 16), "abc1", "ŁÓDŹ", "Ærø",
    "Straße", "E\u{301}cole", "\u{A0}née\u{A0}", "İstanbul", "col·lecció", "naïve",
    String(repeating: "é", count: 17), "\u{23A}bc",
  ]
  for line in lines {
    var arena: [UInt8] = []
    let kept = Array(line.utf8).withUnsafeBytes { WordScan.append($0, to: &arena) }
    let viaBytes = kept ? String(decoding: arena, as: UTF8.self) : nil
    #expect(viaBytes == WordRule.unicodeWord(line), "\(line)")
  }
}

@Test func wordSetRulesOnSyntheticLists() throws {
  let shared = "zzshared"
  let a = syntheticWords("qa", count: 9100) + [shared, "Qaxy", "col·lecció", "Ab"]
  let b = syntheticWords("qb", count: 9000) + [shared, "E\u{301}cole", "\u{E9}cole"]
  let set = try WordSet.build(lists: [("alpha", list(a)), ("beta", list(b))])
  #expect(set.trainWords.count == 16000 && set.testWords.count == 2000)
  let all = Set(set.trainWords + set.testWords)
  #expect(!all.contains(shared), "a word in two languages is dropped")
  #expect(!all.contains("col·lecció") && !all.contains("ab"))
  // Both spellings of "école" are one word after NFC, so beta has 9,001 and keeps 9,000.
  #expect(set.keptPerLanguage == [9102, 9002])
  // Digest order within each language, test words first.
  let beta = Array(set.testWords[1000...]) + Array(set.trainWords[8000...])
  let digests = beta.map { SHA256.hex(Array($0.utf8)) }
  #expect(digests == digests.sorted())
  #expect(set.trainLabels.filter { $0 == 1 }.count == 8000)
  // Encoding: letters from 2 in code-point order, 1 unknown, 0 padding.
  let letters = set.alphabet
  #expect(letters == letters.sorted { $0.value < $1.value })
  let code = set.encode("qa!")
  #expect(code.count == 16 && code[2] == 1 && code[3...].allSatisfy { $0 == 0 })
  #expect(Int(code[0]) == letters.firstIndex(of: "q")! + 2)
  // A subset keeps the first words of each language and the full alphabet.
  let small = set.subset(trainPerLanguage: 10, testPerLanguage: 3)
  #expect(small.trainWords == Array(set.trainWords[0..<10] + set.trainWords[8000..<8010]))
  #expect(small.testLabels == [0, 0, 0, 1, 1, 1] && small.alphabet == set.alphabet)
  let data = small.dataset()
  #expect(data.train.count == 20 && data.train.imageShape == [16])
  #expect(Array(data.test.image(4)) == set.encode(small.testWords[4]))
}

@Test func wordSetNeedsNineThousandWords() {
  let a = syntheticWords("qa", count: 9000)
  let b = syntheticWords("qb", count: 8999)
  #expect(throws: EngineError.self) {
    try WordSet.build(lists: [("alpha", list(a)), ("beta", list(b))])
  }
}

@Test func shortDigestMatchesSHA256() {
  for length in [0, 1, 3, 54, 55, 56, 63, 64, 65, 119] {
    let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
    let d = bytes.withUnsafeBytes { SHA256.shortDigest($0) }
    let hex = [d.0, d.1, d.2, d.3].map { String($0, radix: 16) }
      .map { String(repeating: "0", count: 16 - $0.count) + $0 }.joined()
    #expect(hex == SHA256.hex(bytes), "length \(length)")
  }
}

/// The check figures of the real lists (Debian's word-list packages; skipped without them).
@Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/dict/catalan")))
func wordSetMatchesThePeersSplit() throws {
  let lists = try WordLanguage.allCases.map { language in
    let url = URL(fileURLWithPath: "/usr/share/dict/" + language.fileName)
    return (language.name, [UInt8](try Data(contentsOf: url)))
  }
  let set = try WordSet.build(lists: lists, threads: 2)
  #expect(set.alphabet.count == 61)
  #expect(
    WordSet.joinedDigest(set.trainWords)
      == "ebe27fa435cd7850fe79156f812027d2666c604ab1aca4419cce4ec784b444a1")
  #expect(
    WordSet.joinedDigest(set.testWords)
      == "cc7be31f8600d921136e9334154fb91780c4a4a98a7238018d8c841518742b46")
}
