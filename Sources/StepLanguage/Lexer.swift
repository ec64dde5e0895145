import MarkdownNotebook

/// Splits step-language text into tokens with exact ranges; never fails.
///
/// Bytes that form no token become `.invalid` tokens with an error diagnostic, so a
/// highlighter can still colour everything and the parser can go on.
public struct Lexer {
  public static let keywords: Set<String> = ["for", "in", "true", "false"]

  private let bytes: [UInt8]
  private let map: SourceMap
  private var position = 0
  private var atLineStart = true
  public private(set) var tokens: [Token] = []
  public private(set) var diagnostics: [Diagnostic] = []

  /// Tokenizes `text`; the last token is always `.endOfFile`.
  public static func tokenize(_ text: String, map: SourceMap) -> (
    tokens: [Token], diagnostics: [Diagnostic]
  ) {
    var lexer = Lexer(bytes: Array(text.utf8), map: map)
    lexer.run()
    return (lexer.tokens, lexer.diagnostics)
  }

  private func byte(_ offset: Int) -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

  private mutating func emit(_ kind: TokenKind, from start: Int) {
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    tokens.append(
      Token(kind: kind, text: text, local: start..<position, range: map.range(start..<position)))
    atLineStart = kind == .newline
  }

  private mutating func error(_ message: String, from start: Int, to end: Int) {
    diagnostics.append(.error(message, at: map.range(start..<end)))
  }

  private mutating func run() {
    while let c = byte(position) {
      let start = position
      switch c {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
        position += 1
      case UInt8(ascii: "\n"):
        position += 1
        emit(.newline, from: start)
      case UInt8(ascii: "#"):
        let isOption = atLineStart && byte(position + 1) == UInt8(ascii: "|")
        while let b = byte(position), b != UInt8(ascii: "\n") { position += 1 }
        rejectBidiControls(from: start, to: position, in: isOption ? "a cell option" : "a comment")
        emit(isOption ? .cellOption : .comment, from: start)
        atLineStart = false
      case UInt8(ascii: "\""):
        lexString(from: start)
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        lexNumber(from: start)
      case _ where isIdentifierStart(c):
        lexIdentifier(from: start)
      case _ where "()[]{},:=.-+*/<>".utf8.contains(c):
        position += 1
        // `==`, `<=`, `>=` are one token each.
        if byte(position) == UInt8(ascii: "="), "=<>".utf8.contains(c) { position += 1 }
        emit(.punctuation, from: start)
      case UInt8(ascii: "!") where byte(position + 1) == UInt8(ascii: "="):
        position += 2
        emit(.punctuation, from: start)
      default:
        // Consume one whole UTF-8 scalar so a range never splits a character.
        position += 1
        while let b = byte(position), b & 0xC0 == 0x80 { position += 1 }
        error(
          Self.unexpected(String(decoding: bytes[start..<position], as: UTF8.self)), from: start,
          to: position)
        emit(.invalid, from: start)
      }
    }
    tokens.append(
      Token(
        kind: .endOfFile, text: "", local: position..<position,
        range: map.range(position..<position)))
  }

  /// The message for a character that starts no token; an invisible one is named, escaped
  /// (`<U+200B>`), since quoting it would show nothing.
  static func unexpected(_ shown: String) -> String {
    guard let scalar = shown.unicodeScalars.first,
      TerminalText.isEscaped(scalar) || scalar.properties.generalCategory == .format
    else { return "unexpected character '\(shown)'" }
    let name = scalar.properties.name.map { " (\($0.lowercased()))" } ?? ""
    return "unexpected invisible character \(TerminalText.escape(scalar))\(name); delete it"
  }

  /// Reports each bidirectional formatting character in `start..<end` (a comment or a
  /// string): it can make the line read differently from what runs ("Trojan source").
  private mutating func rejectBidiControls(from start: Int, to end: Int, in what: String) {
    var offset = start
    for scalar in String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars {
      let length = String(scalar).utf8.count
      switch scalar.value {
      case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
        error(
          "bidirectional control character \(TerminalText.escape(scalar)) in \(what) can make "
            + "the line read differently from what runs; delete it",
          from: offset, to: offset + length)
      default: break
      }
      offset += length
    }
  }

  private func isIdentifierStart(_ c: UInt8) -> Bool {
    (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
      || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
      || c == UInt8(ascii: "_")
  }

  private func isDigit(_ c: UInt8?) -> Bool {
    guard let c else { return false }
    return c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
  }

  private func isIdentifierByte(_ c: UInt8?) -> Bool {
    guard let c else { return false }
    return isIdentifierStart(c) || isDigit(c)
  }

  private mutating func skipDigits() { while isDigit(byte(position)) { position += 1 } }

  private mutating func lexIdentifier(from start: Int) {
    while isIdentifierByte(byte(position)) { position += 1 }
    let name = String(decoding: bytes[start..<position], as: UTF8.self)
    var look = position
    while byte(look) == UInt8(ascii: " ") || byte(look) == UInt8(ascii: "\t") { look += 1 }
    if Lexer.keywords.contains(name) {
      emit(.keyword, from: start)
    } else if byte(look) == UInt8(ascii: "(") {
      emit(.stepName, from: start)
    } else if EnumType.allConstants.contains(name) {
      emit(.enumConstant, from: start)
    } else {
      emit(.identifier, from: start)
    }
  }

  /// `123`, `0.5`, `1e-3`, `2.5E+4`, or a shape `28x28x1`.
  private mutating func lexNumber(from start: Int) {
    skipDigits()
    var kind = TokenKind.integer
    if byte(position) == UInt8(ascii: "x"), isDigit(byte(position + 1)) {
      while byte(position) == UInt8(ascii: "x"), isDigit(byte(position + 1)) {
        position += 1
        skipDigits()
      }
      kind = .shape
    } else {
      if byte(position) == UInt8(ascii: "."), isDigit(byte(position + 1)) {
        position += 1
        skipDigits()
        kind = .float
      }
      if byte(position) == UInt8(ascii: "e") || byte(position) == UInt8(ascii: "E") {
        var look = position + 1
        if byte(look) == UInt8(ascii: "+") || byte(look) == UInt8(ascii: "-") { look += 1 }
        if isDigit(byte(look)) {
          position = look
          skipDigits()
          kind = .float
        }
      }
    }
    if isIdentifierByte(byte(position)) {
      while isIdentifierByte(byte(position)) { position += 1 }
      error(
        "invalid number '\(String(decoding: bytes[start..<position], as: UTF8.self))'", from: start,
        to: position)
      emit(.invalid, from: start)
      return
    }
    emit(kind, from: start)
  }

  /// `"..."` with the escapes `\"`, `\\`, `\n`, `\t`; must end on its line.
  private mutating func lexString(from start: Int) {
    position += 1
    while let c = byte(position), c != UInt8(ascii: "\n") {
      position += 1
      if c == UInt8(ascii: "\"") {
        rejectBidiControls(from: start, to: position, in: "a string")
        emit(.string, from: start)
        return
      }
      if c == UInt8(ascii: "\\"), let next = byte(position), next != UInt8(ascii: "\n") {
        if !"\"\\nt".utf8.contains(next) {
          error(
            "unknown escape '\\\(Character(Unicode.Scalar(next)))' in string; use \\\" \\\\ \\n "
              + "or \\t",
            from: position - 1, to: position + 1)
        }
        position += 1
        while let b = byte(position), b & 0xC0 == 0x80 { position += 1 }
      }
    }
    error("unterminated string; add '\"' before the end of the line", from: start, to: position)
    emit(.string, from: start)
  }
}

extension Token {
  /// The value of a string literal token: quotes removed, escapes resolved.
  public var stringValue: String {
    var body = Substring(text.dropFirst())
    if body.hasSuffix("\""), text.count >= 2 { body = body.dropLast() }
    var result = ""
    var escaped = false
    for ch in body {
      if escaped {
        switch ch {
        case "n": result.append("\n")
        case "t": result.append("\t")
        default: result.append(ch)
        }
        escaped = false
      } else if ch == "\\" {
        escaped = true
      } else {
        result.append(ch)
      }
    }
    return result
  }
}
