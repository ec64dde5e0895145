import MarkdownNotebook
import Testing

@testable import StepLanguage

/// Binary operators and `claim`: how they parse (precedence, associativity), what types they
/// give, and the claim rules that the bad-notebook corpus does not already pin.
@Suite struct OperatorTests {
  static let here = SourceRange(at: SourceLocation(line: 1, column: 1, offset: 0))

  /// The typed expression of `text` after `prelude`, and every diagnostic's message.
  static func check(_ text: String, prelude: String = "data = synthetic(train: 100, test: 50)")
    -> (TypedExpression?, [String])
  {
    let source = prelude + "\n" + text
    let notebook = NotebookChecker.checkNotebook(cells: [
      CodeSource(text: source, base: SourceLocation(line: 1, column: 1, offset: 0))
    ])
    var typed: TypedExpression?
    if let last = notebook.cells.first?.statements.last, case .show(let e) = last.kind {
      typed = e
    }
    return (typed, notebook.diagnostics.map(\.message))
  }

  @Test func multiplicationBindsTighterAndOperatorsAssociateLeft() throws {
    let (typed, messages) = Self.check("data.train.count - 2 * 3 - data.test.count / 4")
    #expect(messages.isEmpty, "\(messages)")
    let e = try #require(typed)
    #expect(e.text == "data.train.count - 2 * 3 - data.test.count / 4")
    guard case .binary(.subtract, let left, let right) = e.kind else {
      Issue.record("expected a subtraction at the top, got \(e.kind)")
      return
    }
    #expect(right.text == "data.test.count / 4")
    guard case .binary(.subtract, _, let product) = left.kind else {
      Issue.record("expected (a - 2 * 3) on the left")
      return
    }
    #expect(product.text == "2 * 3")
    #expect(e.type == .float)  // `/` makes a Float
  }

  @Test func typesOfArithmeticAndComparisons() {
    #expect(Self.check("data.train.count + 1").0?.type == .int)
    #expect(Self.check("data.train.count * 0.5").0?.type == .float)
    #expect(Self.check("data.train.count / 2").0?.type == .float)
    #expect(Self.check("data.train.count >= data.test.count").0?.type == .bool)
    #expect(Self.check("-data.train.count + 1").0?.text == "-data.train.count + 1")
  }

  @Test func parenthesesAreKeptWhereTheTreeNeedsThem() {
    // `a - (b - c)` is written back with its parentheses: the text names the tree.
    let tree = TypedExpression(
      kind: .binary(
        .subtract, TypedExpression(kind: .variable("a"), type: .int, range: Self.here),
        TypedExpression(
          kind: .binary(
            .subtract, TypedExpression(kind: .variable("b"), type: .int, range: Self.here),
            TypedExpression(kind: .variable("c"), type: .int, range: Self.here)), type: .int,
          range: Self.here)), type: .int, range: Self.here)
    #expect(tree.text == "a - (b - c)")
  }

  @Test func constantsFold() {
    let (typed, _) = Self.check("x = 6 * 7\ny = x\nx")
    #expect(typed?.values == [.int(42)])
  }

  @Test func lexerMakesTwoCharacterOperatorsOneToken() {
    let text = "a <= b >= c == d != e < f > g"
    let tokens = Lexer.tokenize(text, map: .standalone(text)).tokens.filter {
      $0.kind == .punctuation
    }
    #expect(tokens.map(\.text) == ["<=", ">=", "==", "!=", "<", ">"])
    let lone = Lexer.tokenize("a ! b", map: .standalone("a ! b"))
    #expect(lone.diagnostics.first?.message == "unexpected character '!'")
  }

  @Test func assignmentIsNotAnEquality() {
    let (_, messages) = Self.check("n = data.train.count\nclaim(n == 100, \"a hundred images\")")
    #expect(messages.isEmpty, "\(messages)")
  }

  @Test func claimRules() {
    #expect(
      Self.check("claim(data.train.count > data.test.count, \"more training images\")").1
        .isEmpty)
    let exactFloat = Self.check(
      "claim(data.train.count / 2 == data.test.count, \"half\")"
    ).1
    #expect(
      exactFloat == [
        "an exact '==' between Floats almost never holds; give a tolerance: within: 0.01"
      ])
    #expect(
      Self.check(
        "claim(data.train.count / 2 == data.test.count, \"about half\", within: 0.5)"
      ).1.isEmpty)
    #expect(
      Self.check("claim(data.train.count > 0.5 * data, \"x\")").1.first
        == "'*' applies to numbers (Int or Float); the right side is Dataset")
  }
}
