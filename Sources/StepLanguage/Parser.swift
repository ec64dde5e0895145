import MarkdownNotebook

/// Builds the syntax tree of one cell from its tokens; collects every syntax error and goes
/// on (a broken statement is skipped to the end of its line).
///
/// Grammar (newlines end statements; see docs/LANGUAGE.md):
/// ```
/// cell       = option* statement*
/// statement  = name "=" expr | "for" name "in" expr "{" statement* "}" | expr
/// expr       = "-"? primary ("." name)*
/// primary    = INT | FLOAT | STRING | SHAPE | "true" | "false" | name | list | call
/// call       = step "(" (arg ("," arg)*)? ")" list?        -- the list is a layer block
/// arg        = (name ":")? expr
/// list       = "[" (expr (("," | NEWLINE) expr)*)? "]"
/// ```
public struct Parser {
  /// Deeper nesting than this is reported rather than recursed into (keeps the stack safe).
  static let maximumDepth = 64

  var tokens: [Token]  // without comments and cell options
  var index = 0
  var depth = 0
  var diagnostics: [Diagnostic] = []
  var options: [CellOption] = []
  let map: SourceMap

  /// Parses the code text of one cell. `map` turns offsets in `text` into file positions.
  public static func parseCell(_ text: String, map: SourceMap) -> ParsedCell {
    let (allTokens, lexErrors) = Lexer.tokenize(text, map: map)
    var parser = Parser(
      tokens: allTokens.filter { $0.kind != .comment && $0.kind != .cellOption }, map: map)
    parser.diagnostics = lexErrors
    parser.readOptions(allTokens)
    let statements = parser.parseStatements(untilBrace: false)
    let whole = map.range(0..<text.utf8.count)
    return ParsedCell(
      options: parser.options, statements: statements, tokens: allTokens,
      diagnostics: withoutFollowOns(
        parser.diagnostics, lexErrors: lexErrors.count, tokens: allTokens
      )
      .sortedByLocation(), range: whole)
  }

  /// The lexer's errors, then the parser's, except those on a line where the lexer rejected
  /// a character: there the unexpected character is the one error (a stray `@` or an
  /// invisible U+200B would otherwise also give "expected ',' or ')'" and the like).
  static func withoutFollowOns(_ diagnostics: [Diagnostic], lexErrors: Int, tokens: [Token])
    -> [Diagnostic]
  {
    let lines = Set(tokens.filter { $0.kind == .invalid }.map(\.range.start.line))
    guard !lines.isEmpty else { return diagnostics }
    return Array(diagnostics.prefix(lexErrors))
      + diagnostics.dropFirst(lexErrors).filter { !lines.contains($0.range.start.line) }
  }

  /// Parses a single expression (a prose inline expression such as `net.history.final_accuracy`).
  public static func parseExpression(_ text: String, map: SourceMap) -> (Expression, [Diagnostic]) {
    let (allTokens, lexErrors) = Lexer.tokenize(text, map: map)
    var parser = Parser(
      tokens: allTokens.filter { $0.kind != .comment && $0.kind != .newline }, map: map)
    parser.diagnostics = lexErrors
    let expression = parser.parseExpression()
    if parser.peek.kind != .endOfFile, parser.diagnostics.isEmpty {
      parser.error(
        "an inline expression must be a single expression; unexpected '\(parser.peek.text)'",
        at: parser.peek.range)
    }
    return (expression, parser.diagnostics.sortedByLocation())
  }

  // MARK: Token access

  var peek: Token { tokens[index] }

  func peek(_ ahead: Int) -> Token { tokens[min(index + ahead, tokens.count - 1)] }

  @discardableResult mutating func advance() -> Token {
    let token = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  var previousEnd: SourceLocation {
    index > 0 ? tokens[index - 1].range.end : tokens[0].range.start
  }

  mutating func skipNewlines() { while peek.kind == .newline { advance() } }

  mutating func error(_ message: String, at range: SourceRange, notes: [DiagnosticNote] = []) {
    diagnostics.append(.error(message, at: range, notes: notes))
  }

  /// From `start` to the end of the last consumed token (empty when nothing was consumed).
  func span(_ start: SourceLocation) -> SourceRange {
    let end = previousEnd
    return SourceRange(start: start, end: end.offset < start.offset ? start : end)
  }

  /// Whether `token` can be a name (identifiers, and step or constant names in label or member
  /// position).
  static func isName(_ token: Token) -> Bool {
    token.kind == .identifier || token.kind == .enumConstant || token.kind == .stepName
  }

  // MARK: Cell options

  /// Reads `#| key: value` lines; those after the first statement are reported and ignored.
  mutating func readOptions(_ all: [Token]) {
    var seenCode = false
    for token in all {
      switch token.kind {
      case .cellOption:
        if seenCode {
          diagnostics.append(
            .warning(
              "cell option after code is ignored; move '#|' lines to the top of the cell",
              at: token.range))
        } else if let option = parseOption(token) {
          options.append(option)
        }
      case .newline, .comment, .endOfFile: break
      default: seenCode = true
      }
    }
  }

  mutating func parseOption(_ token: Token) -> CellOption? {
    let bytes = Array(token.text.utf8)
    func isSpace(_ i: Int) -> Bool {
      i < bytes.count && (bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 13)
    }
    var i = 2  // after "#|"
    while isSpace(i) { i += 1 }
    let keyStart = i
    while i < bytes.count, bytes[i] != UInt8(ascii: ":"), !isSpace(i) { i += 1 }
    let keyEnd = i
    while isSpace(i) { i += 1 }
    guard keyEnd > keyStart, i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
      error("a cell option is written '#| key: value'", at: token.range)
      return nil
    }
    i += 1
    while isSpace(i) { i += 1 }
    var valueEnd = bytes.count
    while valueEnd > i, isSpace(valueEnd - 1) { valueEnd -= 1 }
    let base = token.local.lowerBound
    var value = String(decoding: bytes[i..<valueEnd], as: UTF8.self)
    if value.utf8.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
      value = String(value.dropFirst().dropLast())
    }
    // The value is a string here (its `text` is what the checker reads).
    return CellOption(
      key: String(decoding: bytes[keyStart..<keyEnd], as: UTF8.self), value: .string(value),
      range: token.range, keyRange: map.range(base + keyStart..<base + keyEnd),
      valueRange: map.range(base + i..<base + valueEnd))
  }
}
