/// Escapes text for use between tags: `&`, `<` and `>` become entities.
public func escapeText(_ string: String) -> String {
  guard string.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E }) else {
    return string
  }
  var out = ""
  out.reserveCapacity(string.utf8.count + 16)
  for character in string.unicodeScalars {
    switch character {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    default: out.unicodeScalars.append(character)
    }
  }
  return out
}

/// Escapes text for a double-quoted attribute value: `&`, `<`, `>`, `"` and `'`.
public func escapeAttribute(_ string: String) -> String {
  guard
    string.utf8.contains(where: {
      $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27
    })
  else { return string }
  var out = ""
  out.reserveCapacity(string.utf8.count + 16)
  for character in string.unicodeScalars {
    switch character {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&#39;"
    default: out.unicodeScalars.append(character)
    }
  }
  return out
}

/// A string usable as an HTML `id` and URL fragment: lowercase ASCII letters, digits and
/// `-`; other runs of characters become one `-`. Never empty (falls back to `fallback`).
public func slug(_ string: String, fallback: String = "section") -> String {
  var out = ""
  var pendingDash = false
  for scalar in string.lowercased().unicodeScalars {
    if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
      if pendingDash, !out.isEmpty { out += "-" }
      pendingDash = false
      out.unicodeScalars.append(scalar)
    } else {
      pendingDash = true
    }
  }
  return out.isEmpty ? fallback : out
}
