/// Parses the TeX subset (`MathCommands`) into a `MathNode` tree.
///
/// A formula is a sequence of atoms (a letter, a number `6.02`, an operator character, a
/// command, a `{...}` group), each optionally followed by `_x` / `^x` scripts (one character,
/// one command or a group; primes `x'` are superscripts). Spaces are ignored, as in TeX. The
/// first mistake stops the parse with a `MathError` at its byte range; nesting deeper than
/// `maxDepth` groups is such a mistake.
public struct MathParser {
  /// Groups, fractions, roots, scripts and environments nest at most this deep.
  public static let maxDepth = 32

  let bytes: [UInt8]
  let display: Bool
  var index = 0
  var depth = 0
  var values: [MathValue] = []
  /// Ranges of the open `{`, `\left` and `\begin` around the cursor, innermost last.
  var openings: [Range<Int>] = []

  /// What may end a sequence.
  enum Stop: Equatable {
    case endOfInput, closeBrace, closeBracket, ampersand, rowBreak, right, end
  }

  init(_ tex: String, display: Bool) {
    self.bytes = Array(tex.utf8)
    self.display = display
  }

  /// Parses a whole formula (the text between the dollars).
  public static func parse(_ tex: String, display: Bool) throws(MathError) -> MathFormula {
    var parser = MathParser(tex, display: display)
    let (nodes, _) = try parser.sequence(until: [.endOfInput])
    return MathFormula(tex: tex, display: display, root: .row(nodes), values: parser.values)
  }

  // MARK: sequences and scripts

  /// Atoms with their scripts up to one of `stops` (not consumed); returns which one.
  mutating func sequence(until stops: [Stop]) throws(MathError) -> ([MathNode], Stop) {
    var nodes: [MathNode] = []
    while true {
      skipSpaces()
      if let stop = try peekStop(allowed: stops) { return (nodes, stop) }
      let start = index
      var (atom, limits) = try self.atom()
      atom = try scripts(on: atom, limits: limits, start: start)
      nodes.append(atom)
    }
  }

  /// Attaches the `_`/`^`/`'` scripts that follow an atom.
  mutating func scripts(on base: MathNode, limits: Bool, start: Int) throws(MathError) -> MathNode {
    var sub: MathNode?
    var sup: MathNode?
    var primes = ""
    while true {
      skipSpaces()
      guard index < bytes.count else { break }
      let byte = bytes[index]
      if byte == UInt8(ascii: "'") {
        primes += "′"
        index += 1
        continue
      }
      guard byte == UInt8(ascii: "_") || byte == UInt8(ascii: "^") else { break }
      let scriptStart = index
      index += 1
      let isSub = byte == UInt8(ascii: "_")
      if (isSub ? sub : sup) != nil {
        let what = isSub ? "subscript" : "superscript"
        throw MathError(
          "double \(what); group it in braces, e.g. x_{ij} or x^{2k}",
          at: scriptStart..<index)
      }
      let argument = try nested { (parser) throws(MathError) in
        try parser.argument(for: isSub ? "_" : "^")
      }
      if isSub { sub = argument } else { sup = argument }
    }
    if !primes.isEmpty {
      let mark = MathNode.op(primes)
      sup = sup.map { .row([mark, $0]) } ?? mark
    }
    if sub == nil && sup == nil { return base }
    return .scripts(base: base, sub: sub, sup: sup, limits: limits)
  }

  /// A required argument: a `{...}` group, or else one character or command (`\frac12`).
  mutating func argument(for command: String) throws(MathError) -> MathNode {
    skipSpaces()
    let start = index
    guard index < bytes.count, try peekStop(allowed: []) == nil else {
      throw MathError("'\(command)' needs an argument, e.g. \(example(command))", at: start..<start)
    }
    if bytes[index] == UInt8(ascii: "^") || bytes[index] == UInt8(ascii: "_") {
      throw MathError("'\(command)' needs an argument before this script", at: index..<index + 1)
    }
    if Self.isDigit(bytes[index]) {  // one digit, as in TeX: `\frac12`, `x^23` is x²3
      index += 1
      return .number(text(start..<index))
    }
    return try atom().node
  }

  private func example(_ command: String) -> String {
    switch command {
    case "_", "^": "x\(command){2}"
    default: "\(command){x}"
    }
  }

  /// Runs `body` one nesting level deeper, failing past `maxDepth`.
  mutating func nested<T>(_ body: (inout MathParser) throws(MathError) -> T) throws(MathError) -> T
  {
    depth += 1
    defer { depth -= 1 }
    if depth > Self.maxDepth {
      throw MathError(
        "formula nested more than \(Self.maxDepth) levels deep; simplify it",
        at: index..<min(index + 1, bytes.count))
    }
    return try body(&self)
  }

  // MARK: stops

  /// The stop at the cursor, if any. A stop that `allowed` lacks is an error (`}` without
  /// `{`, `&` outside a table, ...), except `]`, which is a plain bracket elsewhere.
  mutating func peekStop(allowed: [Stop]) throws(MathError) -> Stop? {
    let stop: Stop
    var length = 1
    if index >= bytes.count {
      stop = .endOfInput
    } else {
      switch bytes[index] {
      case UInt8(ascii: "}"): stop = .closeBrace
      case UInt8(ascii: "]"):
        guard allowed.contains(.closeBracket) else { return nil }
        stop = .closeBracket
      case UInt8(ascii: "&"): stop = .ampersand
      case UInt8(ascii: "\\"):
        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\") {
          stop = .rowBreak
          length = 2
        } else if matchesCommand("right") {
          stop = .right
          length = 6
        } else if matchesCommand("end") {
          stop = .end
          length = 4
        } else {
          return nil
        }
      default: return nil
      }
    }
    if allowed.contains(stop) { return stop }
    let range = index..<min(index + length, bytes.count)
    switch stop {
    case .endOfInput:
      let range = openings.last ?? range
      if allowed.contains(.closeBrace) { throw MathError("'{' is not closed; add '}'", at: range) }
      if allowed.contains(.right) {
        throw MathError("'\\left' is not closed; add '\\right)' or '\\right.'", at: range)
      }
      throw MathError("'\\begin' is not closed; add '\\end'", at: range)
    case .closeBrace: throw MathError("unexpected '}' without a matching '{'", at: range)
    case .closeBracket: return nil
    case .ampersand, .rowBreak:
      let what = stop == .ampersand ? "'&'" : "'\\\\'"
      throw MathError(
        "\(what) separates cells only inside \\begin{cases} or a matrix", at: range)
    case .right: throw MathError("'\\right' without a matching '\\left'", at: range)
    case .end: throw MathError("'\\end' without a matching '\\begin'", at: range)
    }
  }

  /// True if `\name` (not followed by another letter) is at the cursor.
  func matchesCommand(_ name: String) -> Bool {
    let utf8 = Array(name.utf8)
    let end = index + 1 + utf8.count
    guard end <= bytes.count, Array(bytes[(index + 1)..<end]) == utf8 else { return false }
    return end == bytes.count || !Self.isLetter(bytes[end])
  }

  mutating func skipSpaces() {
    while index < bytes.count,
      bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D
    { index += 1 }
  }

  static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
  }

  static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
}
