/// A mistake in a formula: what is wrong and where, as UTF-8 byte offsets into the TeX text
/// (the text between the dollars).
public struct MathError: Error, Hashable, Sendable {
  public var message: String
  public var range: Range<Int>

  public init(_ message: String, at range: Range<Int>) {
    self.message = message
    self.range = range
  }
}

/// "Did you mean" for TeX commands and environments, and for front-matter keys
/// (MarkdownNotebook): the closest word by Levenshtein distance.
public enum Suggestion {
  /// The candidate closest to `word` by edit distance, if at most 2 edits and fewer than
  /// the word's length.
  public static func closest(to word: String, in candidates: [String]) -> String? {
    var best: (word: String, distance: Int)?
    for candidate in candidates {
      let distance = editDistance(Array(word), Array(candidate))
      if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
    }
    guard let best, best.distance <= 2, best.distance < word.count else { return nil }
    return best.word
  }

  /// Levenshtein distance over characters.
  public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
      current[0] = i
      for j in stride(from: 1, through: b.count, by: 1) {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
