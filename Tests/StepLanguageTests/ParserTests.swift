import MarkdownNotebook
import Testing

@testable import StepLanguage

@Suite struct ParserTests {
  static let sample = """
    #| caption: Accuracy
    data = fashion_mnist(train: 60000, test: 10000)
    cnn = sequential(input: 28x28x1) [
      conv2d(32, kernel: 3, activation: relu)
      maxpool(2), flatten()
      dense(10, activation: softmax)
    ]
    net = train(cnn, on: data.train, epochs: epochs, batch: 32, optimizer: adam(lr: 1e-3))
    evaluate(net, on: data.test)   # shown
    for bits in [8, 6, 4] {
      q = quantize(net, bits: bits,
                   scheme: symmetric)
      evaluate(q, on: data.test)
    }
    """

  @Test func parsesTheSampleWithoutErrors() {
    let cell = Parser.parseCell(Self.sample, map: .standalone(Self.sample))
    #expect(cell.diagnostics.isEmpty, "\(cell.diagnostics)")
    #expect(cell.options.map(\.key) == ["caption"])
    #expect(cell.options.first?.text == "Accuracy")
    #expect(cell.statements.count == 5)
    guard case .assignment(let name, _, let value) = cell.statements[1].kind,
      case .call(let call) = value.kind
    else {
      Issue.record("expected an assignment of a call")
      return
    }
    #expect(name == "cnn")
    #expect(call.name == "sequential")
    #expect(call.layers?.count == 4)
    #expect(call.arguments.first?.label == "input")
    #expect(call.arguments.first?.value.kind == .shape([28, 28, 1]))
    guard case .forLoop(let variable, _, let sequence, let body) = cell.statements[4].kind else {
      Issue.record("expected a loop")
      return
    }
    #expect(variable == "bits")
    guard case .list(let elements) = sequence.kind else {
      Issue.record("expected a list")
      return
    }
    #expect(elements.map(\.kind) == [.integer(8), .integer(6), .integer(4)])
    #expect(body.count == 2)
  }

  @Test func lexerKindsAndRanges() {
    let text = "x = conv2d(3, kernel: 28x28x1, lr: 1e-3, activation: relu) # hi\n#| echo: false"
    let (tokens, diagnostics) = Lexer.tokenize(text, map: .standalone(text))
    #expect(diagnostics.isEmpty)
    let kinds = tokens.map(\.kind)
    #expect(kinds.contains(.stepName))
    #expect(tokens.first { $0.kind == .shape }?.text == "28x28x1")
    #expect(tokens.first { $0.kind == .float }?.text == "1e-3")
    #expect(tokens.first { $0.kind == .enumConstant }?.text == "relu")
    #expect(tokens.first { $0.kind == .comment }?.text == "# hi")
    #expect(tokens.first { $0.kind == .cellOption }?.text == "#| echo: false")
    let step = tokens.first { $0.kind == .stepName }!
    #expect(step.range.start == SourceLocation(line: 1, column: 5, offset: 4))
    #expect(step.range.end == SourceLocation(line: 1, column: 11, offset: 10))
  }

  @Test func rangesAreFilePositionsFromTheBase() {
    let text = "a = 1\nbb = 2"
    let map = SourceMap(text: text, base: SourceLocation(line: 10, column: 3, offset: 200))
    let cell = Parser.parseCell(text, map: map)
    guard case .assignment(_, let nameRange, _) = cell.statements[1].kind else {
      Issue.record("expected assignment")
      return
    }
    #expect(cell.statements[0].range.start == SourceLocation(line: 10, column: 3, offset: 200))
    #expect(nameRange.start == SourceLocation(line: 11, column: 1, offset: 206))
    #expect(nameRange.end == SourceLocation(line: 11, column: 3, offset: 208))
  }
}
