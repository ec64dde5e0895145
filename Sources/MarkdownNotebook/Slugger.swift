/// Makes heading ids that are unique within one notebook.
///
/// A slug is the heading text lowercased, letters, digits and '_' kept, each run of blanks
/// or '-' turned into one '-', other characters dropped, no '-' at either end; an empty
/// result becomes `section`. A slug already handed out gets `-2`, then `-3`, ... (skipping
/// any that a heading's own text already produced): "Results", "Results" -> `results`,
/// `results-2`.
public struct Slugger: Sendable {
  private var used: Set<String> = []

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
    if let slug = asciiSlug(text) { return slug }
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

  /// `baseSlug` for ASCII text, over bytes (the common case, and much faster in debug);
  /// nil if the text is not ASCII.
  private static func asciiSlug(_ text: String) -> String? {
    var text = text
    return text.withUTF8 { bytes -> String? in
      var slug: [UInt8] = []
      slug.reserveCapacity(bytes.count)
      var pendingDash = false
      var index = 0
      while index < bytes.count {
        let byte = bytes[index]
        index += 1
        switch byte {
        case 0x61...0x7A, 0x30...0x39, 0x5F, 0x41...0x5A:  // a-z 0-9 _ A-Z
          if pendingDash, !slug.isEmpty { slug.append(0x2D) }
          pendingDash = false
          slug.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
        case 0x20, 0x09...0x0D, 0x2D:  // blanks and '-'
          pendingDash = true
        case 0x80...:
          return nil
        default:
          break
        }
      }
      return slug.isEmpty ? "section" : String(decoding: slug, as: UTF8.self)
    }
  }
}
