extension MathParser {
  /// The text of a `{...}` argument up to its matching `}`, and its byte range. With
  /// `escapes`, `\{ \} \$ \% \& \# \_ \\` give the character and any other command is an
  /// error (for `\text`); without, the text is taken as written (for `\val`).
  mutating func braced(for name: String, start: Int, escapes: Bool) throws(MathError) -> (
    text: String, range: Range<Int>
  ) {
    skipSpaces()
    guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
      throw MathError(
        "'\\\(name)' needs an argument in braces, e.g. \\\(name){...}", at: start..<index)
    }
    index += 1
    let contentStart = index
    var out: [UInt8] = []
    var level = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "}") && level == 0 {
        var first = contentStart
        var last = index
        while first < last, bytes[first] == 0x20 { first += 1 }
        while last > first, bytes[last - 1] == 0x20 { last -= 1 }
        index += 1
        let text = escapes ? String(decoding: out, as: UTF8.self) : self.text(first..<last)
        return (text, first..<last)
      }
      if byte == UInt8(ascii: "{") { level += 1 }
      if byte == UInt8(ascii: "}") { level -= 1 }
      if escapes, byte == UInt8(ascii: "\\") {
        let next = index + 1 < bytes.count ? bytes[index + 1] : 0
        guard "{}$%&#_\\ ".utf8.contains(next) else {
          throw MathError(
            "'\\\(name){...}' takes plain text; use \\{ \\} \\$ \\% \\& \\# \\_"
              + " for those characters",
            at: index..<min(index + 2, bytes.count))
        }
        out.append(next)
        index += 2
        continue
      }
      out.append(byte)
      index += 1
    }
    throw MathError(
      "'{' of '\\\(name)' is not closed; add '}'", at: contentStart - 1..<contentStart)
  }

  /// A braced word of letters, digits, spaces, '-' and ''' (for `\operatorname`, `\mathrm`,
  /// `\mathbb`, which accepts capital letters only); spaces are dropped.
  mutating func plainWord(for name: String, start: Int) throws(MathError) -> String {
    let (text, range) = try braced(for: name, start: start, escapes: false)
    let word = text.filter { $0 != " " }
    let capitalsOnly = name == "mathbb"
    let allowed = word.allSatisfy { character in
      guard let ascii = character.asciiValue else { return false }
      if capitalsOnly { return ascii >= 0x41 && ascii <= 0x5A }
      return Self.isLetter(ascii) || Self.isDigit(ascii) || character == "-" || character == "'"
    }
    guard !word.isEmpty, allowed else {
      let what =
        capitalsOnly
        ? "capital letters, e.g. \\mathbb{Z}" : "letters and digits, e.g. \\\(name){round}"
      throw MathError("'\\\(name)' takes \(what)", at: range.isEmpty ? start..<index : range)
    }
    return word
  }

  /// After `\left`: a delimiter, the body, `\right` and its delimiter.
  mutating func fenced(start: Int) throws(MathError) -> MathNode {
    try nested { (parser) throws(MathError) in
      let open = try parser.delimiter(after: "\\left")
      let body = try parser.sequence(until: [.right]).0
      parser.index += 6  // "\right"
      let close = try parser.delimiter(after: "\\right")
      return .fenced(open: open, .row(body), close: close)
    }
  }

  /// A delimiter after `\left`/`\right`: `( ) [ ] | . \{ \} \|` or a delimiter command;
  /// `.` (none) gives nil.
  private mutating func delimiter(after command: String) throws(MathError) -> String? {
    skipSpaces()
    let start = index
    if index < bytes.count, "()[]|./".utf8.contains(bytes[index]) {
      index += 1
      let text = self.text(start..<index)
      return text == "." ? nil : text
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "\\") {
      index += 1
      if index < bytes.count, !Self.isLetter(bytes[index]) {
        index += 1
      } else {
        while index < bytes.count, Self.isLetter(bytes[index]) { index += 1 }
      }
      if case .delimiter(let text)? = MathCommands.byName[self.text((start + 1)..<index)]?.kind {
        return text
      }
    }
    throw MathError(
      "'\(command)' needs a delimiter: ( ) [ ] | . \\{ \\} \\lfloor \\rfloor \\lceil \\rceil",
      at: start..<max(index, min(start + 1, bytes.count)))
  }

  /// `\begin{name}` ... `\end{name}`: rows of cells separated by `&` and `\\`.
  mutating func environment(start: Int) throws(MathError) -> MathNode {
    let (name, nameRange) = try braced(for: "begin", start: start, escapes: false)
    guard let kind = MathTable.Kind(rawValue: name) else {
      let hint =
        Suggestion.closest(to: name, in: MathCommands.environments)
        .map { "; did you mean '\($0)'?" } ?? "; use one of "
        + MathCommands.environments.joined(separator: ", ")
      throw MathError("unknown environment '\(name)'" + hint, at: nameRange)
    }
    return try nested { (parser) throws(MathError) in
      var rows: [[MathNode]] = []
      var cells: [MathNode] = []
      while true {
        let (nodes, stop) = try parser.sequence(until: [.ampersand, .rowBreak, .end])
        cells.append(nodes.count == 1 ? nodes[0] : .row(nodes))
        switch stop {
        case .ampersand: parser.index += 1
        case .rowBreak:
          parser.index += 2
          rows.append(cells)
          cells = []
        case .end, .endOfInput, .closeBrace, .closeBracket, .right:
          let endStart = parser.index
          parser.index += 4  // "\end"
          let (endName, endRange) = try parser.braced(for: "end", start: endStart, escapes: false)
          guard endName == name else {
            throw MathError("'\\end{\(endName)}' does not match '\\begin{\(name)}'", at: endRange)
          }
          // A trailing `\\` leaves one empty cell: not a row.
          if !(cells.count == 1 && cells[0] == .row([])) { rows.append(cells) }
          return .table(MathTable(kind: kind, rows: rows))
        }
      }
    }
  }
}
