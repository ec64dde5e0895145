import MarkdownNotebook

extension NotebookIPYNB {
  /// A prose cell's Markdown for a Jupyter markdown cell: the text as written, with each
  /// inline expression replaced by its value (`values[i]`, the i-th expression of the
  /// notebook, as the HTML report shows it):
  /// - `` `= expr` `` becomes `` `value` `` (still a code span);
  /// - `\val{expr}` inside a formula becomes `\text{value}` (TeX specials escaped), so
  ///   MathJax shows the value where the report's MathML does.
  /// An expression whose surrounding syntax is not found where expected is left as written.
  static func markdown(_ prose: ProseCell, _ values: [String]) -> String {
    var bytes = Array(prose.markdown.utf8)
    let base = prose.range.start.offset
    // Last first, so earlier offsets stay valid.
    let expressions = prose.inlineExpressions.sorted {
      $0.range.start.offset > $1.range.start.offset
    }
    for expression in expressions where values.indices.contains(expression.index) {
      let start = expression.range.start.offset - base
      let end = expression.range.end.offset - base
      guard start >= 0, end <= bytes.count, start <= end else { continue }
      let value = values[expression.index]
      if expression.inMath {
        let open = Array(#"\val{"#.utf8)
        guard start >= open.count, Array(bytes[(start - open.count)..<start]) == open,
          end < bytes.count, bytes[end] == UInt8(ascii: "}")
        else { continue }
        let text = Array(#"\text{"#.utf8) + Array(texEscaped(value).utf8) + [UInt8(ascii: "}")]
        bytes.replaceSubrange((start - open.count)...end, with: text)
      } else {
        guard let span = codeSpan(bytes, start: start, end: end) else { continue }
        let fence = value.contains("`") ? "`` " : "`"
        let closing = value.contains("`") ? " ``" : "`"
        bytes.replaceSubrange(span, with: Array((fence + value + closing).utf8))
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The byte range of the whole `` `= expr` `` span around `start..<end`, or nil.
  private static func codeSpan(_ bytes: [UInt8], start: Int, end: Int) -> ClosedRange<Int>? {
    let tick = UInt8(ascii: "`")
    let blank: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r")]
    var i = start - 1
    while i >= 0, blank.contains(bytes[i]) { i -= 1 }
    guard i >= 0, bytes[i] == UInt8(ascii: "=") else { return nil }
    i -= 1
    while i >= 0, blank.contains(bytes[i]) { i -= 1 }
    var ticks = 0
    while i >= 0, bytes[i] == tick {
      ticks += 1
      i -= 1
    }
    guard ticks > 0 else { return nil }
    var j = end
    while j < bytes.count, blank.contains(bytes[j]) { j += 1 }
    var closing = 0
    while j < bytes.count, bytes[j] == tick, closing < ticks {
      closing += 1
      j += 1
    }
    guard closing == ticks else { return nil }
    return (i + 1)...(j - 1)
  }

  /// `value` safe inside `\text{...}`: TeX's specials escaped.
  static func texEscaped(_ value: String) -> String {
    var out = ""
    for character in value {
      switch character {
      case "%", "&", "#", "_", "$", "{", "}": out += "\\" + String(character)
      case "\\": out += "\\backslash "
      case "^", "~": out += "\\" + String(character) + "{}"
      default: out.append(character)
      }
    }
    return out
  }
}
