/// The one HTML escaper, below every module that writes HTML (TeXMath's MathML,
/// MarkdownNotebook's prose, HTMLReport's pages). Only ASCII characters are replaced, scalar
/// by scalar, so a combining mark after `&` cannot hide it.

/// Escapes text for use between tags: `&`, `<` and `>` become entities.
public func escapeText(_ string: String) -> String { escape(string, quotes: false) }

/// Escapes text for a double- or single-quoted attribute value: `&`, `<`, `>`, `"` and `'`.
public func escapeAttribute(_ string: String) -> String { escape(string, quotes: true) }

/// `string` with `& < >` (and, when `quotes`, `" '`) as character references.
private func escape(_ string: String, quotes: Bool) -> String {
  let special = { (byte: UInt8) in
    byte == 0x26 || byte == 0x3C || byte == 0x3E || (quotes && (byte == 0x22 || byte == 0x27))
  }
  guard string.utf8.contains(where: special) else { return string }
  var out = ""
  out.reserveCapacity(string.utf8.count + 16)
  for scalar in string.unicodeScalars {
    switch scalar {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"" where quotes: out += "&quot;"
    case "'" where quotes: out += "&#39;"
    default: out.unicodeScalars.append(scalar)
    }
  }
  return out
}
