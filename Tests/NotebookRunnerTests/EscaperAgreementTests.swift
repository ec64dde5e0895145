import HTMLReport
import TeXMath
import Testing

/// HTML escaping has one rule on each side of the module graph: `HTMLReport`'s
/// `escapeText` / `escapeAttribute` for report pages, and `TeXMath`'s `MathMLRenderer.escape`
/// for formulas and notebook prose (MarkdownNotebook cannot see HTMLReport). They must map
/// every character they both handle the same way; they differ only where documented:
/// `escapeText` leaves `"` (it is never inside an attribute) and `MathMLRenderer.escape`
/// leaves `'` (its attributes are double-quoted).
@Suite struct EscaperAgreementTests {
  /// Every ASCII character, a few multi-byte ones, and mixed strings.
  static let samples: [String] =
    (0..<128).map { String(UnicodeScalar(UInt8($0))) }
    + ["é", "日本", "🎉", "e\u{301}", "a < b && c > d", "x=\"1\"", "it's", "&amp;", ""]

  @Test(arguments: samples)
  func sameEscapes(_ text: String) {
    if !text.contains("\"") { #expect(escapeText(text) == MathMLRenderer.escape(text)) }
    if !text.contains("'") { #expect(escapeAttribute(text) == MathMLRenderer.escape(text)) }
  }

  @Test func documentedDifferences() {
    #expect(escapeText("\"") == "\"" && MathMLRenderer.escape("\"") == "&quot;")
    #expect(escapeAttribute("'") == "&#39;" && MathMLRenderer.escape("'") == "'")
  }
}
