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
    // "w" and the list's file name: wngerman, wfrench, ... wcatalan.
    case .german, .french, .spanish, .italian, .portuguese, .dutch, .polish, .danish, .catalan:
      "w" + fileName
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

  /// The rule on one line (the general path; `WordScan` takes a byte path where it can).
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
}
