import Testing

@testable import TeXMath

@Suite struct MathErrorTests {
  /// TeX with a marker `⟨...⟩` around the span the error must point at, and a piece of the
  /// message.
  static let cases: [(String, String)] = [
    ("a + ⟨\\fracc⟩{1}{2}", "unknown math command '\\fracc'; did you mean '\\frac'?"),
    ("⟨\\foo⟩", "unknown math command '\\foo'"),
    ("x^2⟨^⟩3", "double superscript"),
    ("x_1⟨_⟩2", "double subscript"),
    ("⟨{⟩a", "'{' is not closed"),
    ("a⟨}⟩", "unexpected '}'"),
    ("a ⟨&⟩ b", "'&' separates cells only inside"),
    ("a ⟨\\\\⟩ b", "separates cells only inside"),
    ("⟨\\right⟩)", "'\\right' without a matching '\\left'"),
    ("⟨\\left⟩( x", "'\\left' is not closed"),
    ("\\left ⟨x⟩ y \\right)", "'\\left' needs a delimiter"),
    ("\\begin{⟨case⟩} a \\end{case}", "unknown environment 'case'; did you mean 'cases'?"),
    ("\\begin{cases} a \\end{⟨matrix⟩}", "does not match"),
    ("⟨\\begin⟩{cases} a", "'\\begin' is not closed"),
    ("\\frac{a}⟨⟩", "'\\frac' needs an argument"),
    ("\\mathbb{⟨z⟩}", "capital letters"),
    ("\\operatorname{⟨a+b⟩}", "letters and digits"),
    ("\\text{a ⟨\\x⟩}", "takes plain text"),
    ("⟨\\val⟩{}", "'\\val' needs an expression"),
    ("50⟨%⟩", "write \\% for a percent sign"),
    ("⟨\\⟩", "'\\' at the end"),
  ]

  @Test(arguments: cases) func pointsAtTheMistake(_ marked: String, _ message: String) throws {
    let open = try #require(marked.range(of: "⟨"))
    let close = try #require(marked.range(of: "⟩"))
    let start = marked.utf8.distance(from: marked.startIndex, to: open.lowerBound)
    let length = marked.utf8.distance(from: open.upperBound, to: close.lowerBound)
    let tex = marked.replacingOccurrences(of: "⟨", with: "").replacingOccurrences(of: "⟩", with: "")
    #expect(throws: MathError.self) { try MathParser.parse(tex, display: false) }
    do throws(MathError) {
      _ = try MathParser.parse(tex, display: false)
    } catch {
      #expect(error.message.contains(message), "\(error.message)")
      #expect(error.range == start..<start + length)
    }
  }

  @Test func nestingPastTheLimitIsAnErrorNotACrash() throws {
    let deep = String(repeating: "{", count: 200) + "x" + String(repeating: "}", count: 200)
    #expect(throws: MathError.self) { try MathParser.parse(deep, display: false) }
    let fractions =
      String(repeating: "\\frac{1}{", count: 100) + "x" + String(repeating: "}", count: 100)
    #expect(throws: MathError.self) { try MathParser.parse(fractions, display: false) }
    let ok =
      String(repeating: "{", count: MathParser.maxDepth) + "x"
      + String(repeating: "}", count: MathParser.maxDepth)
    #expect(
      try MathParser.parse(ok, display: false).root == .row([.identifier("x", upright: false)]))
  }

  @Test func everyDocumentedCommandParses() throws {
    for command in MathCommands.all {
      let tex: String
      switch command.kind {
      case .fraction: tex = "\\frac{a}{b}"
      case .squareRoot, .accent: tex = "\\\(command.name){x}"
      case .operatorName, .upright, .text, .blackboard, .value: tex = "\\\(command.name){X}"
      case .left: tex = "\\left( x \\right)"
      case .right: continue
      case .begin: tex = "\\begin{matrix} x \\end{matrix}"
      case .end: continue
      case .identifier, .uprightIdentifier, .op, .delimiter, .largeOperator, .function, .space:
        tex = "\\\(command.name) x"
      }
      #expect(throws: Never.self, "\(tex)") { try MathParser.parse(tex, display: false) }
    }
  }
}
