/// Text made safe to print on a terminal: characters that are invisible or that change how a
/// terminal draws the rest of the line are shown as `<U+XXXX>`.
///
/// Escaped: C0 and C1 control characters and DEL (tab excepted: the caret line copies it),
/// the bidirectional formatting characters U+061C, U+200E, U+200F, U+202A–U+202E and
/// U+2066–U+2069 (a "Trojan source" override can make a line read differently from what
/// runs), and the zero-width characters U+200B–U+200D, U+2060 and U+FEFF.
public enum TerminalText {
  /// Whether `scalar` is shown escaped.
  public static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x08, 0x0A...0x1F, 0x7F...0x9F: return true
    case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF: return true
    default: return false
    }
  }

  /// `<U+202E>`: the scalar's code point, at least four hex digits.
  public static func escape(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
  }

  /// `text` with every escaped scalar replaced by its `<U+XXXX>` form.
  public static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isEscaped) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
      if isEscaped(scalar) { out += escape(scalar) } else { out.unicodeScalars.append(scalar) }
    }
    return out
  }

  /// One scalar of a source line as drawn: its text and how many columns it takes
  /// (a combining mark takes none, an escape as many as its characters).
  struct Cell {
    var text: String
    var width: Int
    var isTab: Bool
  }

  /// The cells of `text`, one per Unicode scalar.
  static func cells(_ text: Substring.UnicodeScalarView) -> [Cell] {
    text.map { scalar in
      if isEscaped(scalar) {
        let shown = escape(scalar)
        return Cell(text: shown, width: shown.count, isTab: false)
      }
      let category = scalar.properties.generalCategory
      let width = category == .nonspacingMark || category == .enclosingMark ? 0 : 1
      return Cell(text: String(scalar), width: width, isTab: scalar == "\t")
    }
  }
}
