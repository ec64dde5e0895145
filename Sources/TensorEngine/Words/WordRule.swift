import Foundation

/// The ten languages of the word data set, in label order (english = 0 ... catalan = 9), with
/// the Debian word list each comes from.
public enum WordLanguage: Int, CaseIterable, Sendable {
  case english, german, french, spanish, italian, portuguese, dutch, polish, danish, catalan

  /// The language's name, as reports show it.
  public var name: String { String(describing: self) }

  /// The list's file name in Debian's dictionary folder (`/usr/share/dict`).
  public var fileName: String {
    switch self {
    case .english: "american-english"
    case .german: "ngerman"
    case .french, .spanish, .italian, .portuguese, .dutch, .polish, .danish, .catalan: name
    }
  }

  /// The Debian package that installs the list.
  public var package: String {
    switch self {
    case .english: "wamerican"
    case .german: "wngerman"
    case .french: "wfrench"
    case .spanish: "wspanish"
    case .italian: "witalian"
    case .portuguese: "wportuguese"
    case .dutch: "wdutch"
    case .polish: "wpolish"
    case .danish: "wdanish"
    case .catalan: "wcatalan"
    }
  }

  /// All ten packages, space separated (for `apt-get install -y ...`).
  public static var packages: String { allCases.map(\.package).joined(separator: " ") }
}

/// The rule that turns one line of a word list into a word, or rejects it: trim white space,
/// NFC-normalize, lowercase (Unicode), keep it only when every character is a letter (general
/// category Lu, Ll, Lt, Lm or Lo) and it has `minimumLength...maximumLength` Unicode scalars.
public enum WordRule {
  public static let minimumLength = 3
  /// Also the sequence length of an encoded word.
  public static let maximumLength = 16

  /// The word of one line (UTF-8 bytes, without the newline), or nil when the rule drops it.
  /// Pure ASCII lines take a byte path (NFC and lowercase are the identity / `A-Z` there).
  public static func word(_ line: UnsafeRawBufferPointer) -> String? {
    var start = 0
    var end = line.count
    while start < end, isASCIISpace(line[start]) { start += 1 }
    while end > start, isASCIISpace(line[end - 1]) { end -= 1 }
    var ascii = true
    for i in start..<end where line[i] >= 0x80 {
      ascii = false
      break
    }
    guard ascii else {
      return unicodeWord(
        String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<end]), as: UTF8.self))
    }
    let count = end - start
    guard count >= minimumLength && count <= maximumLength else { return nil }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { lowered in
      for i in 0..<count {
        let b = line[start + i]
        switch b {
        case 0x41...0x5A: lowered[i] = b + 32
        case 0x61...0x7A: lowered[i] = b
        default: return nil
        }
      }
      return String(decoding: lowered, as: UTF8.self)
    }
  }

  /// The rule on any string (the general path of `word`).
  public static func unicodeWord(_ line: String) -> String? {
    let scalars = line.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return nil }
    var text = String(scalars[first...last])
    // Below U+0300 nothing composes or decomposes, so NFC is the identity there.
    if text.unicodeScalars.contains(where: { $0.value >= 0x300 }) {
      text = text.precomposedStringWithCanonicalMapping
    }
    text = text.lowercased()
    var count = 0
    for scalar in text.unicodeScalars {
      guard isLetter(scalar) else { return nil }
      count += 1
      if count > maximumLength { return nil }
    }
    return count >= minimumLength ? text : nil
  }

  /// General category L* (Python's `str.isalpha`).
  public static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
      return true
    default:
      return false
    }
  }

  private static func isASCIISpace(_ b: UInt8) -> Bool {
    b == 0x20 || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F)
  }
}
