/// "Did you mean" support: the closest word by edit distance.

/// The candidate nearest to `word` by Levenshtein distance, if it is close enough to be a
/// plausible typo (distance at most 2, and less than the word's length).
func nearest(to word: String, in candidates: [String]) -> String? {
  var best: (word: String, distance: Int)?
  for candidate in candidates {
    let distance = editDistance(word, candidate)
    if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
  }
  guard let best, best.distance <= 2, best.distance < word.count else { return nil }
  return best.word
}

/// Levenshtein distance between two strings, over Unicode characters.
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
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
