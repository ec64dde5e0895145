import MarkdownNotebook
import Testing

@testable import StepLanguage

@Suite struct CheckerTests {
  static let design = """
    data = fashion_mnist(train: 60000, test: 10000)
    cnn = sequential(input: 28x28x1) [
      conv2d(32, kernel: 3, activation: relu)
      maxpool(2)
      conv2d(64, kernel: 3, activation: relu)
      maxpool(2)
      flatten()
      dense(64, activation: relu)
      dense(10, activation: softmax)
    ]
    net = train(cnn, on: data.train, epochs: epochs, batch: 32, optimizer: adam(lr: 0.001))
    evaluate(net, on: data.test)
    """
  static let sweep = """
    #| caption: Test accuracy against weight bit width
    for bits in [8, 6, 4, 3, 2] {
      q = quantize(net, bits: bits, scheme: symmetric, granularity: per_channel)
      evaluate(q, on: data.test)
    }
    """

  static func checkDesign() -> CheckedNotebook {
    let first = CodeSource(text: design, base: SourceLocation(line: 12, column: 1, offset: 300))
    let second = CodeSource(text: sweep, base: SourceLocation(line: 30, column: 1, offset: 900))
    let inline = CodeSource(
      text: "net.history.final_accuracy", base: SourceLocation(line: 26, column: 10, offset: 850))
    return NotebookChecker.checkNotebook(
      cells: [first, second], inlines: [inline], parameters: testParameters)
  }

  @Test func designNotebookIsClean() {
    let notebook = Self.checkDesign()
    #expect(notebook.diagnostics.isEmpty, "\(notebook.diagnostics)")
    #expect(notebook.cells[1].options.caption == "Test accuracy against weight bit width")
    #expect(notebook.inlines[0].expression.type == .float)
    #expect(notebook.inlines[0].dependencies == ["net"])
  }

  @Test func staticShapesOfTheDesignCNN() throws {
    let model = try #require(Self.checkDesign().cells[0].models.first)
    #expect(
      model.layers.map { NotebookChecker.format($0.output) } == [
        "26x26x32", "13x13x32", "11x11x64", "5x5x64", "1600", "64", "10",
      ])
    #expect(model.layers.map(\.parameterCount) == [320, 0, 18496, 0, 0, 102464, 650])
    #expect(model.parameterCount == 121930)
  }

  @Test func callsAreResolvedWithDefaultsFilled() throws {
    let cell = Self.checkDesign().cells[0]
    guard case .assignment("net", let value) = cell.statements[2].kind,
      case .call(let train) = value.kind
    else {
      Issue.record("expected net = train(...)")
      return
    }
    #expect(train.name == "train")
    #expect(train.arguments.map(\.parameter.name) == train.signature.parameters.map(\.name))
    #expect(train.argument("loss")?.source == .defaulted(.enumeration("cross_entropy")))
    #expect(train.argument("validation")?.source == .absent)
    guard case .given(let epochs)? = train.argument("epochs")?.source else {
      Issue.record("epochs should be given")
      return
    }
    #expect(epochs.kind == .variable("epochs"))
    #expect(epochs.constant == .int(2))
    #expect(cell.statements[2].dependencies == ["cnn", "data", "epochs"])
    #expect(value.type == .model)
    #expect(value.modelShape?.output == [10])
  }

  @Test func intArgumentsConvertToFloat() throws {
    let text = "o = adam(lr: 1)"
    let cell = Parser.parseCell(text, map: .standalone(text))
    var checker = NotebookChecker()
    let checked = checker.check(cell)
    #expect(checked.diagnostics.isEmpty)
    guard case .assignment(_, let value) = checked.statements[0].kind,
      case .call(let adam) = value.kind,
      case .given(let lr)? = adam.argument("lr")?.source
    else {
      Issue.record("expected adam call")
      return
    }
    #expect(lr.type == .float)
    #expect(lr.constant == .float(1))
    if case .intToFloat = lr.kind {} else { Issue.record("expected an Int-to-Float conversion") }
  }

  @Test func overloadedEvaluateAcceptsEveryModelKind() {
    let (diagnostics, _) = diagnose(
      """
      q = quantize(net, bits: 4, mode: weights_and_activations)
      i = convert(q)
      evaluate(net, on: data.test)
      evaluate(q, on: data.test)
      evaluate(i, on: data.test)
      speed(net, q, i, on: subset(data.test, count: 500))
      compare(net, i, on: data.test)
      """)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
  }

  @Test func sameCallsShapeAndPaddingSame() throws {
    let text = """
      m = sequential(input: 28x28x1) [
        conv2d(16, kernel: 5, stride: 2, padding: same), batchnorm(), relu()
        avgpool(2, stride: 1)
        flatten(), dropout(0.25), dense(10)
      ]
      """
    let cell = Parser.parseCell(text, map: .standalone(text))
    var checker = NotebookChecker()
    let checked = checker.check(cell)
    #expect(checked.diagnostics.isEmpty, "\(checked.diagnostics)")
    let model = try #require(checked.models.first)
    #expect(
      model.layers.map(\.output) == [
        [14, 14, 16], [14, 14, 16], [14, 14, 16], [13, 13, 16], [2704], [2704], [10],
      ])
    #expect(model.layers[1].parameterCount == 32)
  }

  @Test func layerNamesCanStandInABlock() {
    let (diagnostics, _) = diagnose(
      """
      head = dense(10, activation: softmax)
      m = sequential(input: 28x28x1) [ flatten(), head ]
      n = train(m, on: data.train, optimizer: gd())
      """)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
  }

  @Test func signalsAndAnalysisSteps() {
    let (diagnostics, _) = diagnose(
      """
      s = signal(waveform: sine, frequency: 2, samples: 64)
      for b in [1, 2, 3] {
        quantize_signal(s, bits: b)
      }
      errors(quantize(net, bits: 8, mode: weights_and_activations, calibration: mse, \
      calibrate_on: data.train))
      sensitivity(net, bits: 4, on: data.test)
      samples(data.test, count: 8)
      summary(net)
      """)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
  }

  @Test func inlineExpressionsCannotRunSteps() {
    let text = "mnist(train: 10).classes"
    var checker = NotebookChecker()
    let inline = checker.checkInline(text, map: .standalone(text))
    #expect(inline.diagnostics.count == 1)
    #expect(inline.diagnostics.first?.message.contains("cannot run a step") == true)
  }
}

@Suite struct NotebookScopeTests {
  @Test func useBeforeTheCellThatDefines() {
    let first = CodeSource(
      text: "evaluate(net, on: data.test)", base: SourceLocation(line: 5, column: 1, offset: 40))
    let second = CodeSource(
      text:
        "data = mnist()\nnet = train(sequential(input: 28x28x1) [ flatten(), dense(10) ], on: "
        + "data.train, optimizer: gd())",
      base: SourceLocation(line: 9, column: 1, offset: 100))
    let notebook = NotebookChecker.checkNotebook(cells: [first, second])
    #expect(
      notebook.diagnostics.map(\.message) == [
        "'net' is used before it is defined; cells run top to bottom",
        "'data' is used before it is defined; cells run top to bottom",
        "'net' is never used",
      ])
    #expect(
      notebook.diagnostics.first?.notes.first?.range?.start
        == SourceLocation(line: 10, column: 1, offset: 115))
  }

  @Test func namesCarryAcrossCellsAndRebindingIsAnError() {
    let cells = ["data = mnist()", "samples(data.test)", "data = synthetic()"].enumerated().map {
      i, text in
      CodeSource(text: text, base: SourceLocation(line: 1 + 10 * i, column: 1, offset: 100 * i))
    }
    let notebook = NotebookChecker.checkNotebook(cells: cells)
    #expect(notebook.diagnostics.count == 1)
    #expect(notebook.diagnostics.first?.message.hasPrefix("'data' is already defined") == true)
    #expect(notebook.diagnostics.first?.notes.first?.range?.start.line == 1)
  }

  @Test func customSourceMapForIndentedCode() {
    // The code sits in a list item: every file line is indented by 4 spaces that cmark removed.
    let text = "x = mnist()\ny = dens(3)"
    let lineStarts = [0, 12]
    let map = SourceMap { offset in
      let line = offset >= lineStarts[1] ? 1 : 0
      let column = offset - lineStarts[line] + 5
      return SourceLocation(line: 20 + line, column: column, offset: 500 + offset + 4 * (line + 1))
    }
    let cell = Parser.parseCell(text, map: map)
    var checker = NotebookChecker()
    let diagnostics = checker.check(cell).diagnostics
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.range.start == SourceLocation(line: 21, column: 9, offset: 524))
  }
}
