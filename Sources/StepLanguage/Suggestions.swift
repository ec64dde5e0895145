/// "Did you mean" support: the closest candidate by edit distance.
enum Suggestions {
  /// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), on
  /// Unicode scalars.
  static func distance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous2 = [Int](repeating: 0, count: y.count + 1)
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
          current[j] = min(current[j], previous2[j - 2] + 1)
        }
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[y.count]
  }

  /// The candidate closest to `name`, if close enough to be a likely typo (at most one edit
  /// per three characters, at least one).
  static func closest<S: Sequence>(to name: String, in candidates: S) -> String?
  where S.Element == String {
    let length = name.unicodeScalars.count
    guard length <= 64 else { return nil }
    let limit = max(1, (length + 1) / 3)
    let lowered = name.lowercased()
    var best: (String, Int)?
    for candidate in candidates where candidate != name {
      // The length difference bounds the distance from below: skip hopeless candidates cheaply.
      if abs(candidate.utf8.count - name.utf8.count) > limit * 4 { continue }
      if abs(candidate.unicodeScalars.count - length) > limit { continue }
      let d = distance(lowered, candidate.lowercased())
      if d <= limit, best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) {
        best = (candidate, d)
      }
    }
    return best?.0
  }

  /// `a, b or c`.
  static func list(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " or " + items.last!
  }
}
