import HTMLEscaping
import TeXMath

/// Keeps formulas away from cmark: `protect` replaces the k-th formula of a prose cell by
/// U+E000 k U+E001 (private-use characters, which cmark copies unchanged and which hold no
/// Markdown syntax), and `substitute` puts each formula's MathML where its placeholder
/// landed in cmark's HTML.
enum MathPlaceholders {
  static let open: Character = "\u{E000}"
  static let close: Character = "\u{E001}"

  /// `markdown` with every formula's span (dollars included) replaced by its placeholder.
  static func protect(_ markdown: String, formulas: [ProseFormula]) -> String {
    guard !formulas.isEmpty else { return markdown }
    let bytes = Array(markdown.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var cursor = 0
    for (k, formula) in formulas.enumerated() {
      let range = formula.markdownRange
      guard range.lowerBound >= cursor, range.upperBound <= bytes.count else { continue }
      out += bytes[cursor..<range.lowerBound]
      out += Array("\(open)\(k)\(close)".utf8)
      cursor = range.upperBound
    }
    out += bytes[cursor...]
    return String(decoding: out, as: UTF8.self)
  }

  /// `html` with each placeholder replaced by its formula's MathML (an erroneous formula,
  /// which `check` reports, shows its TeX source in `<code>`). A placeholder inside a tag
  /// (a link title: `[a](u "$x$")`) becomes the escaped TeX, as an attribute holds no markup.
  static func substitute(
    in html: String, formulas: [ProseFormula], inlineValue: (InlineExpression) -> String?
  ) -> String {
    guard !formulas.isEmpty, html.contains(open) else { return html }
    var out = ""
    out.reserveCapacity(html.utf8.count * 2)
    var rest = html[...]
    var inTag = false  // cmark escapes '<' and '>' in text and attribute values
    while let start = rest.firstIndex(of: open) {
      for character in rest[..<start] where character == "<" || character == ">" {
        inTag = character == "<"
      }
      out += rest[..<start]
      let digits = rest[rest.index(after: start)...].prefix { $0.isASCII && $0.isNumber }
      let end = digits.endIndex
      guard let k = Int(digits), formulas.indices.contains(k), end < rest.endIndex,
        rest[end] == close
      else {
        out.append(open)
        rest = rest[rest.index(after: start)...]
        continue
      }
      out +=
        inTag
        ? escapeText(formulas[k].tex) : mathML(formulas[k], inlineValue: inlineValue)
      rest = rest[rest.index(after: end)...]
    }
    out += rest
    return out
  }

  private static func mathML(_ formula: ProseFormula, inlineValue: (InlineExpression) -> String?)
    -> String
  {
    guard let parsed = formula.formula else {
      return "<code class=\"math-error\">" + escapeText(formula.tex) + "</code>"
    }
    return MathMLRenderer.render(parsed) { value in
      formula.values.indices.contains(value.index) ? inlineValue(formula.values[value.index]) : nil
    }
  }
}
