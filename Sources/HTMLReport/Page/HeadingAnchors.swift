import HTMLEscaping

/// Gives every heading of cmark-rendered prose an `id` and collects the table of contents.
///
/// cmark writes headings as `<h1>` ... `<h6>` without attributes; this finds each such opening
/// tag, derives an id from the heading's text (``slug(_:fallback:)``, made unique across all
/// prose passed to the same value) and inserts it. Headings that already carry attributes are
/// left alone. Use one `HeadingAnchors` for a whole report so ids never repeat:
///
/// ```swift
/// var anchors = HeadingAnchors()
/// let (html, entries) = anchors.process(renderedProse)
/// ```
public struct HeadingAnchors: Sendable {
  private var ids = IDAllocator()

  public init() {}

  /// Returns `html` with ids on its headings, and one TOC entry per heading in order.
  /// The entry text is the heading's text with tags removed and entities decoded.
  public mutating func process(_ html: String) -> (html: String, entries: [TOCEntry]) {
    var out = ""
    var entries: [TOCEntry] = []
    var rest = Substring(html)
    while let open = rest.firstRange(of: "<h") {
      let afterH = rest[open.upperBound...]
      guard let digit = afterH.first, let level = digit.wholeNumberValue, (1...6).contains(level),
        afterH.dropFirst().first == ">",
        let close = afterH.firstRange(of: "</h\(level)>")
      else {
        out += rest[..<open.upperBound]
        rest = afterH
        continue
      }
      let contentStart = afterH.index(afterH.startIndex, offsetBy: 2)
      let inner = afterH[contentStart..<close.lowerBound]
      let text = Self.plainText(inner)
      let id = ids.claim(slug(text))
      entries.append(TOCEntry(level: level, text: text, id: id))
      out += rest[..<open.lowerBound]
      out += "<h\(level) id=\"\(escapeAttribute(id))\">"
      out += inner
      out += "</h\(level)>"
      rest = afterH[close.upperBound...]
    }
    out += rest
    return (out, entries)
  }

  /// The text of an HTML fragment: tags dropped, the entities cmark writes decoded.
  static func plainText(_ fragment: Substring) -> String {
    var text = ""
    var inTag = false
    for character in fragment {
      if character == "<" {
        inTag = true
      } else if character == ">" {
        inTag = false
      } else if !inTag {
        text.append(character)
      }
    }
    let entities = [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")]
    for (entity, character) in entities {
      text = text.replacing(entity, with: character)
    }
    return text
  }
}
