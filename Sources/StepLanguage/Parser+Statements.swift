import MarkdownNotebook

extension Parser {
  /// Statements until the end of the text (or, in a loop body, until the closing `}`).
  mutating func parseStatements(untilBrace: Bool) -> [Statement] {
    var statements: [Statement] = []
    while true {
      skipNewlines()
      if peek.kind == .endOfFile { break }
      if untilBrace, peek.isPunctuation("}") { break }
      let before = index
      let errorsBefore = diagnostics.count
      let statement = parseStatement()
      if diagnostics.count > errorsBefore {
        recoverToLineEnd()
      } else if peek.kind == .invalid {
        recoverToLineEnd()  // the lexer reported it already
      } else if !atStatementEnd {
        error("expected a line break after the statement, found '\(peek.text)'", at: peek.range)
        recoverToLineEnd()
      }
      if index == before { advance() }  // always make progress
      if let statement { statements += withoutInvalidCharacters(statement, tokens: before..<index) }
    }
    return statements
  }

  /// A statement whose own tokens (`range` of `tokens`) hold a character the lexer rejected
  /// (`.invalid`, already reported): an assignment keeps its name with a missing value, so
  /// later uses of the name raise no "cannot find"; any other such statement is dropped. A
  /// loop is kept: its body's statements were handled one by one.
  func withoutInvalidCharacters(_ statement: Statement, tokens range: Range<Int>) -> [Statement] {
    if case .forLoop = statement.kind { return [statement] }
    guard tokens[range].contains(where: { $0.kind == .invalid }) else { return [statement] }
    guard case .assignment(let name, let nameRange, let value) = statement.kind else { return [] }
    return [
      Statement(
        kind: .assignment(
          name: name, nameRange: nameRange, value: Expression(kind: .missing, range: value.range)),
        range: statement.range)
    ]
  }

  var atStatementEnd: Bool {
    peek.kind == .newline || peek.kind == .endOfFile || peek.isPunctuation("}")
  }

  /// Skips the rest of a broken statement, up to the next line break or `}` at this level.
  mutating func recoverToLineEnd() {
    var nesting = 0
    while peek.kind != .endOfFile {
      if peek.kind == .newline, nesting <= 0 { return }
      if peek.isPunctuation("{") { nesting += 1 }
      if peek.isPunctuation("}") {
        if nesting <= 0 { return }
        nesting -= 1
      }
      advance()
    }
  }

  mutating func parseStatement() -> Statement? {
    let start = peek.range.start
    if peek.kind == .keyword, peek.text == "for" {
      return parseFor()
    }
    if Parser.isName(peek), peek.kind != .stepName, peek(1).isPunctuation("=") {
      let name = advance()
      advance()  // "="
      if atStatementEnd {
        error("expected a value after '='", at: peek.range)
        return nil
      }
      let value = parseExpression()
      return Statement(
        kind: .assignment(name: name.text, nameRange: name.range, value: value), range: span(start))
    }
    if peek.kind == .keyword, peek.text == "in" {
      error("'in' is only used in 'for name in [...] { }'", at: peek.range)
      advance()
      return nil
    }
    let expression = parseExpression()
    if peek.isPunctuation("=") {
      error("only a name can be assigned to", at: expression.range)
      return nil
    }
    return Statement(kind: .expression(expression), range: span(start))
  }

  /// `for name in expr { statements }`.
  mutating func parseFor() -> Statement? {
    let forToken = advance()
    guard depth < Parser.maximumDepth else {
      error("loops are nested too deeply", at: forToken.range)
      return nil
    }
    guard Parser.isName(peek), peek.kind != .stepName else {
      error("expected a loop variable name after 'for'", at: peek.range)
      return nil
    }
    let variable = advance()
    guard peek.kind == .keyword, peek.text == "in" else {
      error("expected 'in' after 'for \(variable.text)'", at: peek.range)
      return nil
    }
    advance()
    let sequence = parseExpression()
    guard peek.isPunctuation("{") else {
      error("expected '{' to start the loop body", at: peek.range)
      return nil
    }
    let open = advance()
    depth += 1
    let body = parseStatements(untilBrace: true)
    depth -= 1
    guard peek.isPunctuation("}") else {
      error(
        "expected '}' to close the loop body", at: peek.range,
        notes: [DiagnosticNote("the loop body starts here", range: open.range)])
      return nil
    }
    advance()
    return Statement(
      kind: .forLoop(
        variable: variable.text, variableRange: variable.range, sequence: sequence, body: body),
      range: span(forToken.range.start))
  }
}
