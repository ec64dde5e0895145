extension MathParser {
  /// One atom without scripts; `limits` is true when its scripts go above and below.
  mutating func atom() throws(MathError) -> (node: MathNode, limits: Bool) {
    let start = index
    let byte = bytes[index]
    if byte == UInt8(ascii: "\\") { return try command() }
    if byte == UInt8(ascii: "{") {
      index += 1
      openings.append(start..<index)
      let nodes = try nested { (parser) throws(MathError) in
        try parser.sequence(until: [.closeBrace]).0
      }
      openings.removeLast()
      index += 1  // the '}'
      return (nodes.count == 1 ? nodes[0] : .row(nodes), false)
    }
    if Self.isDigit(byte)
      || (byte == UInt8(ascii: ".") && index + 1 < bytes.count
        && Self.isDigit(bytes[index + 1]))
    {
      while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
      if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), Self.isDigit(bytes[index + 1])
      {
        index += 1
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
      }
      return (.number(text(start..<index)), false)
    }
    if Self.isLetter(byte) {
      index += 1
      return (.identifier(text(start..<index), upright: false), false)
    }
    if byte >= 0x80 { return (scalar(), false) }
    index += 1
    let range = start..<index
    switch byte {
    case UInt8(ascii: "%"):
      throw MathError("'%' starts a comment in TeX; write \\% for a percent sign", at: range)
    case UInt8(ascii: "$"):
      throw MathError("'$' inside math; write \\$ for a dollar sign", at: range)
    case UInt8(ascii: "#"): throw MathError("'#' is not allowed in math; write \\#", at: range)
    case UInt8(ascii: "^"), UInt8(ascii: "_"):
      index = start  // a script with an empty base: `^2` alone
      return (.row([]), false)
    case UInt8(ascii: "'"): return (.op("′"), false)
    case UInt8(ascii: "~"): return (.space(em: 0.3333), false)
    case UInt8(ascii: "-"): return (.op("−"), false)
    case UInt8(ascii: "*"): return (.op("∗"), false)
    case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
      UInt8(ascii: "|"), UInt8(ascii: "/"):
      return (.op(text(range), stretchy: false), false)
    default:
      if byte < 0x20 || byte == 0x7F {
        throw MathError("control character in math", at: range)
      }
      return (.op(text(range)), false)
    }
  }

  /// A non-ASCII character typed as is: a letter is an identifier, anything else an operator.
  private mutating func scalar() -> MathNode {
    let start = index
    index += 1
    while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
    let character = text(start..<index)
    let isLetter = character.unicodeScalars.first?.properties.isAlphabetic ?? false
    return isLetter ? .identifier(character, upright: false) : .op(character)
  }

  /// `\name` or `\c` and what it takes.
  private mutating func command() throws(MathError) -> (node: MathNode, limits: Bool) {
    let start = index
    index += 1
    guard index < bytes.count else {
      throw MathError(
        "'\\' at the end of the formula; write a command such as \\alpha", at: start..<index)
    }
    if Self.isLetter(bytes[index]) {
      while index < bytes.count, Self.isLetter(bytes[index]) { index += 1 }
    } else {
      index += 1
      while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
    }
    let name = text((start + 1)..<index)
    guard let command = MathCommands.byName[name] else {
      let known = MathCommands.all.map(\.name).filter { $0.first?.isLetter ?? false }
      let hint = Suggestion.closest(to: name, in: known).map { "; did you mean '\\\($0)'?" }
      throw MathError(
        "unknown math command '\\\(name)'"
          + (hint ?? "; see the list in docs/LANGUAGE.md, \"Math\""),
        at: start..<index)
    }
    let range = start..<index
    switch command.kind {
    case .identifier(let s): return (.identifier(s, upright: false), false)
    case .uprightIdentifier(let s): return (.identifier(s, upright: true), false)
    case .op(let s): return (.op(s), false)
    case .delimiter(let s): return (.op(s, stretchy: false), false)
    case .largeOperator(let s): return (.op(s), true)
    case .function(let s, let limits): return (.function(s), limits && display)
    case .space(let em): return (.space(em: em), false)
    case .accent(let mark):
      let base = try nested { (parser) throws(MathError) in try parser.argument(for: "\\" + name) }
      return (.accent(base, mark: mark), false)
    case .fraction:
      return try nested { (parser) throws(MathError) in
        let numerator = try parser.argument(for: "\\frac")
        let denominator = try parser.argument(for: "\\frac")
        return (.fraction(numerator, denominator), false)
      }
    case .squareRoot:
      return try nested { (parser) throws(MathError) in
        parser.skipSpaces()
        var rootIndex: MathNode?
        if parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "[") {
          parser.index += 1
          let nodes = try parser.sequence(until: [.closeBracket]).0
          parser.index += 1
          rootIndex = .row(nodes)
        }
        return (.root(try parser.argument(for: "\\sqrt"), index: rootIndex), false)
      }
    case .operatorName:
      return (.function(try plainWord(for: name, start: start)), false)
    case .upright:
      let word = try plainWord(for: name, start: start)
      return (.identifier(word, upright: word.count == 1), false)
    case .blackboard:
      let word = try plainWord(for: name, start: start)
      return (.identifier(String(word.map(Self.doubleStruck)), upright: false), false)
    case .text: return (.text(try braced(for: name, start: start, escapes: true).text), false)
    case .value:
      let (expression, valueRange) = try braced(for: name, start: start, escapes: false)
      guard !expression.isEmpty else {
        throw MathError("'\\val' needs an expression, e.g. \\val{q.scale}", at: range)
      }
      values.append(MathValue(expression: expression, range: valueRange, index: values.count))
      return (.value(values[values.count - 1]), false)
    case .left, .begin:
      openings.append(range)
      defer { openings.removeLast() }
      if case .left = command.kind { return (try fenced(start: start), false) }
      return (try environment(start: start), false)
    case .right, .end:
      throw MathError(
        "'\\\(name)' without a matching '\\\(name == "end" ? "begin" : "left")'", at: range)
    }
  }

  /// 𝔸... for `\mathbb`: ℂ ℍ ℕ ℙ ℚ ℝ ℤ have their own code points.
  static func doubleStruck(_ character: Character) -> Character {
    let special: [Character: Character] = [
      "C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ",
    ]
    if let mapped = special[character] { return mapped }
    guard let ascii = character.asciiValue, ascii >= 0x41, ascii <= 0x5A,
      let scalar = Unicode.Scalar(0x1D538 + UInt32(ascii - 0x41))
    else { return character }
    return Character(scalar)
  }
}
