/// Makes heading ids that are unique within one notebook.
///
/// A slug is the heading text lowercased, letters, digits and '_' kept, each run of blanks
/// or '-' turned into one '-', other characters dropped, no '-' at either end; an empty
/// result becomes `section`. A slug already handed out gets `-2`, then `-3`, ... (skipping
/// any that a heading's own text already produced): "Results", "Results" -> `results`,
/// `results-2`.
public struct Slugger: Sendable {
  private var used: Set<String> = []

  public init() {}

  /// The slug for `text`, unique among those this slugger returned.
  public mutating func slug(for text: String) -> String {
    let base = Self.baseSlug(text)
    var candidate = base
    var suffix = 2
    while used.contains(candidate) {
      candidate = "\(base)-\(suffix)"
      suffix += 1
    }
    used.insert(candidate)
    return candidate
  }

  /// The slug of `text` before de-duplication.
  public static func baseSlug(_ text: String) -> String {
    var slug = ""
    var pendingDash = false
    for character in text.lowercased() {
      if character.isLetter || character.isNumber || character == "_" {
        if pendingDash, !slug.isEmpty { slug.append("-") }
        pendingDash = false
        slug.append(character)
      } else if character.isWhitespace || character == "-" {
        pendingDash = true
      }
    }
    return slug.isEmpty ? "section" : slug
  }
}
