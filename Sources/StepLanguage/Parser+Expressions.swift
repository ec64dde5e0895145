import MarkdownNotebook

extension Parser {
  /// An expression with binary operators: comparisons loosest, then `+ -`, then `* /`, each
  /// left-associative; a comparison does not chain.
  mutating func parseExpression() -> Expression { parseBinary(level: 1) }

  /// The operands and operators of precedence `level` and tighter (`BinaryOperator`).
  mutating func parseBinary(level: Int) -> Expression {
    if level > 3 { return parseUnary() }
    let start = peek.range.start
    var left = parseBinary(level: level + 1)
    var count = 0
    while let op = BinaryOperator.of(peek), op.precedence == level {
      if op.isComparison, count == 1 {
        error(
          "comparisons do not chain; compare two values at a time (write two claims)",
          at: peek.range)
        while !atStatementEnd { advance() }
        return left
      }
      count += 1
      // Each operator nests the tree one level: bound the chain like any nesting.
      if depth + count >= Parser.maximumDepth {
        error("expression is too long", at: peek.range)
        while !atStatementEnd { advance() }
        return left
      }
      let token = advance()
      let right = parseBinary(level: level + 1)
      left = Expression(
        kind: .binary(op, left, right, operatorRange: token.range), range: span(start))
    }
    return left
  }

  /// `"-"? primary ("." name)*`.
  mutating func parseUnary() -> Expression {
    let start = peek.range.start
    guard depth < Parser.maximumDepth else {
      error("expression is nested too deeply", at: peek.range)
      while !atStatementEnd { advance() }
      return Expression(kind: .missing, range: span(start))
    }
    depth += 1
    defer { depth -= 1 }
    if peek.isPunctuation("-") {
      advance()
      let operand = parseUnary()
      return Expression(kind: .negate(operand), range: span(start))
    }
    var expression = parsePrimary()
    var members = 0
    while peek.isPunctuation(".") {
      // Each member nests the tree one level: bound the chain like any nesting.
      members += 1
      if depth + members >= Parser.maximumDepth {
        error("member chain is too long", at: peek.range)
        while !atStatementEnd { advance() }
        return expression
      }
      advance()
      guard Parser.isName(peek) else {
        error("expected a member name after '.'", at: peek.range)
        return expression
      }
      let member = advance()
      expression = Expression(
        kind: .member(expression, member: member.text, memberRange: member.range),
        range: span(start))
    }
    return expression
  }

  mutating func parsePrimary() -> Expression {
    let token = peek
    switch token.kind {
    case .integer:
      advance()
      guard let value = Int(token.text) else {
        error("integer '\(token.text)' is too large", at: token.range)
        return Expression(kind: .missing, range: token.range)
      }
      return Expression(kind: .integer(value), range: token.range)
    case .float:
      advance()
      guard let value = Double(token.text), value.isFinite else {
        error("number '\(token.text)' is out of range", at: token.range)
        return Expression(kind: .missing, range: token.range)
      }
      return Expression(kind: .float(value), range: token.range)
    case .string:
      advance()
      return Expression(kind: .string(token.stringValue), range: token.range)
    case .shape:
      advance()
      let dims = token.text.split(separator: "x").map { Int($0) }
      guard dims.allSatisfy({ $0 != nil }) else {
        error("shape '\(token.text)' has a dimension that is too large", at: token.range)
        return Expression(kind: .missing, range: token.range)
      }
      return Expression(kind: .shape(dims.map { $0! }), range: token.range)
    case .keyword where token.text == "true" || token.text == "false":
      advance()
      return Expression(kind: .bool(token.text == "true"), range: token.range)
    case .identifier, .enumConstant:
      advance()
      return Expression(kind: .name(token.text), range: token.range)
    case .stepName:
      return parseCall()
    case .punctuation where token.text == "[":
      let (elements, range) = parseList()
      return Expression(kind: .list(elements), range: range)
    case .punctuation where token.text == "(":
      // `(a - b) / b`: grouping only; the tree keeps the order, the range the parentheses.
      advance()
      var inner = parseExpression()
      if peek.isPunctuation(")") {
        advance()
      } else {
        error(
          "expected ')' to close the parenthesis", at: peek.range,
          notes: [DiagnosticNote("the parenthesis opens here", range: token.range)])
      }
      inner.range = span(token.range.start)
      return inner
    default:
      if token.kind == .invalid {  // the lexer reported it already
        advance()
        return Expression(kind: .missing, range: token.range)
      }
      let found =
        token.kind == .newline
        ? "a line break" : token.kind == .endOfFile ? "the end of the cell" : "'\(token.text)'"
      error("expected an expression, found \(found)", at: token.range)
      // Consume a stray token (but never a line break, closer or the end) to make progress.
      if token.kind == .invalid || token.kind == .keyword || token.isPunctuation(",")
        || token.isPunctuation(":")
        || token.isPunctuation("=") || token.isPunctuation(".") || token.isPunctuation("(")
      {
        advance()
      }
      return Expression(kind: .missing, range: token.range)
    }
  }

  /// `step(args) [layers]?`; the layer block must open on the line of the `)`.
  mutating func parseCall() -> Expression {
    let nameToken = advance()
    let errorsAtStart = diagnostics.count
    let open = advance()  // "(" (the lexer only makes a step name when one follows)
    var arguments: [Argument] = []
    var closed = false
    while true {
      skipNewlines()
      if peek.isPunctuation(")") {
        advance()
        closed = true
        break
      }
      if peek.kind == .endOfFile { break }
      let argStart = peek.range.start
      var label: Token?
      if Parser.isName(peek), peek(1).isPunctuation(":") {
        label = advance()
        advance()
      } else if peek.kind == .keyword, peek(1).isPunctuation(":") {
        label = advance()
        advance()
      }
      let errorsBefore = diagnostics.count
      let value = parseExpression()
      arguments.append(
        Argument(label: label?.text, labelRange: label?.range, value: value, range: span(argStart)))
      if diagnostics.count > errorsBefore { break }
      if peek.isPunctuation(",") {
        advance()
        continue
      }
      // A line break may stand before the closing ")" only.
      var look = 0
      while peek(look).kind == .newline { look += 1 }
      if peek(look).isPunctuation(")") { continue }
      error(
        "expected ',' or ')' in the arguments of '\(nameToken.text)'", at: peek.range,
        notes: [DiagnosticNote("the argument list starts here", range: open.range)])
      break
    }
    if !closed, !diagnostics.contains(where: { $0.range.start.offset >= open.range.start.offset }) {
      error(
        "expected ')' to close the arguments of '\(nameToken.text)'", at: peek.range,
        notes: [DiagnosticNote("the argument list starts here", range: open.range)])
    }
    let argumentsRange = SourceRange(start: open.range.start, end: previousEnd)
    var call = Call(
      name: nameToken.text, nameRange: nameToken.range, arguments: arguments,
      argumentsRange: argumentsRange)
    if closed, peek.isPunctuation("[") {
      let (layers, range) = parseList()
      call.layers = layers
      call.layersRange = range
    }
    call.isComplete = diagnostics.count == errorsAtStart
    return Expression(kind: .call(call), range: span(nameToken.range.start))
  }

  /// `[ e, e \n e ]`: commas or line breaks separate elements.
  mutating func parseList() -> ([Expression], SourceRange) {
    let open = advance()
    var elements: [Expression] = []
    while true {
      skipNewlines()
      while peek.isPunctuation(",") {
        error("expected an element before ','", at: peek.range)
        advance()
        skipNewlines()
      }
      if peek.isPunctuation("]") {
        advance()
        break
      }
      // A statement start here means the ']' was forgotten: stop before it.
      if peek.kind == .endOfFile || peek.isPunctuation("}")
        || (peek.kind == .keyword && peek.text == "for")
        || (Parser.isName(peek) && peek(1).isPunctuation("="))
      {
        error(
          "expected ']' to close the list", at: peek.range,
          notes: [DiagnosticNote("the list starts here", range: open.range)])
        break
      }
      let errorsBefore = diagnostics.count
      elements.append(parseExpression())
      if diagnostics.count > errorsBefore { break }
      if peek.isPunctuation(",") || peek.kind == .newline {
        advance()
        continue
      }
      if peek.isPunctuation("]") { continue }
      error(
        "expected ',' or ']' in the list", at: peek.range,
        notes: [DiagnosticNote("the list starts here", range: open.range)])
      break
    }
    return (elements, SourceRange(start: open.range.start, end: previousEnd))
  }
}
