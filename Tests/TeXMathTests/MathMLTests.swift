import Testing

@testable import TeXMath

/// The MathML inside `<semantics><mrow>` ... `</mrow><annotation>` of an inline formula.
func body(_ tex: String, display: Bool = false) throws -> String {
  let html = MathMLRenderer.render(try MathParser.parse(tex, display: display))
  let start = try #require(html.range(of: "<semantics><mrow>"))
  let end = try #require(html.range(of: "</mrow><annotation", options: .backwards))
  return String(html[start.upperBound..<end.lowerBound])
}

@Suite struct MathMLTests {
  /// Each construct of the documented subset, TeX -> expected MathML Core.
  static let thin = "<mspace width=\"0.1667em\"></mspace>"

  static let table: [(String, String)] = [
    ("x", "<mi>x</mi>"),
    ("6.02b", "<mn>6.02</mn><mi>b</mi>"),
    ("a+b-c", "<mi>a</mi><mo>+</mo><mi>b</mi><mo>−</mo><mi>c</mi>"),
    ("\\frac{w}{s}", "<mfrac><mi>w</mi><mi>s</mi></mfrac>"),
    ("\\frac12", "<mfrac><mn>1</mn><mn>2</mn></mfrac>"),
    ("x^2", "<msup><mi>x</mi><mn>2</mn></msup>"),
    ("2^{b-1}", "<msup><mn>2</mn><mrow><mi>b</mi><mo>−</mo><mn>1</mn></mrow></msup>"),
    ("q_{min}", "<msub><mi>q</mi><mrow><mi>m</mi><mi>i</mi><mi>n</mi></mrow></msub>"),
    ("x_i^2", "<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"),
    ("x'", "<msup><mi>x</mi><mo>′</mo></msup>"),
    ("\\sqrt{v}", "<msqrt><mi>v</mi></msqrt>"),
    ("\\sqrt[3]{v}", "<mroot><mi>v</mi><mn>3</mn></mroot>"),
    ("\\alpha\\sigma", "<mi>α</mi><mi>σ</mi>"),
    ("\\Delta", "<mi mathvariant=\"normal\">Δ</mi>"),
    (
      "\\sum_{k=1}^{n} x_k",
      "<munderover><mo>∑</mo><mrow><mi>k</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover>"
        + "<msub><mi>x</mi><mi>k</mi></msub>"
    ),
    ("\\prod_i", "<munder><mo>∏</mo><mi>i</mi></munder>"),
    ("a\\cdot b\\times c", "<mi>a</mi><mo>⋅</mo><mi>b</mi><mo>×</mo><mi>c</mi>"),
    (
      "\\approx\\le\\ge\\ne\\in\\pm\\to\\infty",
      "<mo>≈</mo><mo>≤</mo><mo>≥</mo><mo>≠</mo><mo>∈</mo><mo form=\"prefix\">±</mo><mo>→</mo>"
        + "<mi mathvariant=\"normal\">∞</mi>"
    ),
    (
      "\\lfloor x\\rfloor\\lceil y\\rceil",
      "<mo stretchy=\"false\">⌊</mo><mi>x</mi><mo stretchy=\"false\">⌋</mo>"
        + "<mo stretchy=\"false\">⌈</mo><mi>y</mi><mo stretchy=\"false\">⌉</mo>"
    ),
    (
      "\\left(\\frac{a}{b}\\right)",
      "<mrow><mo fence=\"true\" form=\"prefix\" stretchy=\"true\">(</mo>"
        + "<mfrac><mi>a</mi><mi>b</mi></mfrac>"
        + "<mo fence=\"true\" form=\"postfix\" stretchy=\"true\">)</mo></mrow>"
    ),
    (
      "\\left.x\\right|",
      "<mrow><mi>x</mi><mo fence=\"true\" form=\"postfix\" stretchy=\"true\">|</mo></mrow>"
    ),
    (
      "\\operatorname{round}(x)",
      "<mi>round</mi><mo>\u{2061}</mo><mo stretchy=\"false\">(</mo>"
        + "<mi>x</mi><mo stretchy=\"false\">)</mo>"
    ),
    ("\\operatorname{clamp}", "<mi>clamp</mi><mo>\u{2061}</mo>"),
    ("\\mathrm{SQNR}", "<mi>SQNR</mi>"),
    ("\\mathrm{d}", "<mi mathvariant=\"normal\">d</mi>"),
    ("\\text{ dB if } x", "<mtext>\u{A0}dB\u{A0}if\u{A0}</mtext><mi>x</mi>"),
    (
      "\\hat{x}\\bar y\\tilde{w}",
      "<mover accent=\"true\"><mi>x</mi><mo>^</mo></mover>"
        + "<mover accent=\"true\"><mi>y</mi><mo>¯</mo></mover>"
        + "<mover accent=\"true\"><mi>w</mi><mo>~</mo></mover>"
    ),
    ("\\mathbb{Z}\\mathbb{A}", "<mi>ℤ</mi><mi>𝔸</mi>"),
    (
      "\\log_{10} x",
      "<msub><mi>log</mi><mn>10</mn></msub><mo>\u{2061}</mo>\(MathMLTests.thin)<mi>x</mi>"
    ),
    (
      "10\\exp x",
      "<mn>10</mn>\(MathMLTests.thin)<mi>exp</mi><mo>\u{2061}</mo>\(MathMLTests.thin)<mi>x</mi>"
    ),
    (
      "\\max_i x",
      "<msub><mi>max</mi><mi>i</mi></msub><mo>\u{2061}</mo>\(MathMLTests.thin)<mi>x</mi>"
    ),
    (
      "a = \\log(x)",
      "<mi>a</mi><mo>=</mo><mi>log</mi><mo>\u{2061}</mo>"
        + "<mo stretchy=\"false\">(</mo><mi>x</mi><mo stretchy=\"false\">)</mo>"
    ),
    ("\\min", "<mi>min</mi><mo>\u{2061}</mo>"),
    (
      "\\begin{cases} 0 & x<0 \\\\ x & \\text{else} \\end{cases}",
      "<mrow><mo form=\"prefix\" stretchy=\"true\">{</mo><mtable class=\"cases\">"
        + "<mtr><mtd><mn>0</mn></mtd><mtd><mi>x</mi><mo>&lt;</mo><mn>0</mn></mtd></mtr>"
        + "<mtr><mtd><mi>x</mi></mtd><mtd><mtext>else</mtext></mtd></mtr></mtable></mrow>"
    ),
    (
      "\\begin{matrix} a & b \\\\ c & d \\\\ \\end{matrix}",
      "<mrow><mtable class=\"matrix\"><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr>"
        + "<mtr><mtd><mi>c</mi></mtd><mtd><mi>d</mi></mtd></mtr></mtable></mrow>"
    ),
    (
      "\\begin{pmatrix} 1 \\end{pmatrix}",
      "<mrow><mo form=\"prefix\" stretchy=\"true\">(</mo>"
        + "<mtable class=\"pmatrix\"><mtr><mtd><mn>1</mn></mtd></mtr>"
        + "</mtable><mo form=\"postfix\" stretchy=\"true\">)</mo></mrow>"
    ),
    (
      "a\\,b\\quad c",
      "<mi>a</mi><mspace width=\"0.1667em\"></mspace>"
        + "<mi>b</mi><mspace width=\"1em\"></mspace><mi>c</mi>"
    ),
    (
      "\\{0, 1\\}",
      "<mo stretchy=\"false\">{</mo><mn>0</mn><mo>,</mo><mn>1</mn><mo stretchy=\"false\">}</mo>"
    ),
    (
      "\\{-a, +b\\} = -c",
      "<mo stretchy=\"false\">{</mo><mo form=\"prefix\">−</mo><mi>a</mi><mo>,</mo>"
        + "<mo form=\"prefix\">+</mo><mi>b</mi>"
        + "<mo stretchy=\"false\">}</mo><mo>=</mo><mo form=\"prefix\">−</mo><mi>c</mi>"
    ),
    (
      "(a)-b",
      "<mo stretchy=\"false\">(</mo><mi>a</mi><mo stretchy=\"false\">)</mo><mo>−</mo><mi>b</mi>"
    ),
    (
      "|w|/s",
      "<mo stretchy=\"false\" lspace=\"0em\" rspace=\"0em\">|</mo>"
        + "<mi>w</mi><mo stretchy=\"false\" lspace=\"0em\" rspace=\"0em\">|</mo>"
        + "<mo stretchy=\"false\" lspace=\"0em\" rspace=\"0em\">/</mo><mi>s</mi>"
    ),
    ("x < y \\& z", "<mi>x</mi><mo>&lt;</mo><mi>y</mi><mo>&amp;</mo><mi>z</mi>"),
    ("\\$5", "<mo>$</mo><mn>5</mn>"),
    ("w \\gets w - \\eta", "<mi>w</mi><mo>←</mo><mi>w</mi><mo>−</mo><mi>η</mi>"),
    ("σ²", "<mi>σ</mi><mo>²</mo>"),
  ]

  @Test(arguments: table) func rendersConstruct(_ tex: String, _ expected: String) throws {
    #expect(try body(tex) == expected)
  }

  @Test func displayMathPutsFunctionLimitsUnder() throws {
    #expect(
      try body("\\max_i x", display: true)
        == "<munder><mi>max</mi><mi>i</mi></munder><mo>\u{2061}</mo>\(Self.thin)<mi>x</mi>")
  }

  @Test func wrapperKeepsTheEscapedTeXSource() throws {
    let html = MathMLRenderer.render(try MathParser.parse("a<b", display: true))
    #expect(html.hasPrefix("<math display=\"block\"><semantics><mrow>"))
    #expect(
      html.hasSuffix(
        "<annotation encoding=\"application/x-tex\">a&lt;b</annotation></semantics></math>"))
    #expect(
      MathMLRenderer.render(try MathParser.parse("a", display: false)).hasPrefix(
        "<math><semantics>"))
  }

  @Test func valuesComeFromTheCallerAndAreEscaped() throws {
    let formula = try MathParser.parse("s = \\val{ q.scale } + \\val{name}", display: false)
    #expect(formula.values.map(\.expression) == ["q.scale", "name"])
    #expect(formula.values.map(\.range) == [10..<17, 27..<31])
    let html = MathMLRenderer.render(formula) { $0.index == 0 ? "0.0125" : "<b>" }
    #expect(html.contains("<mn>0.0125</mn>"))
    #expect(html.contains("<mtext>&lt;b&gt;</mtext>"))
    #expect(MathMLRenderer.render(formula).contains("<mtext>q.scale</mtext>"))
  }
}
