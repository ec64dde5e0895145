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
