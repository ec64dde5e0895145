import Testing

@testable import StepLanguage

/// One checker rule: a source with markers and the diagnostics it must give, no more.
struct DiagnosticCase: CustomTestStringConvertible, Sendable {
  var name: String
  var source: String
  var expected: [Expected]
  var prelude = true
  var finish = false

  var testDescription: String { name }
}

let diagnosticCases: [DiagnosticCase] = [
  // Names and steps.
  DiagnosticCase(
    name: "unknown step with suggestion", source: "m = 1️⃣dens(10)",
    expected: [error(1, "unknown step 'dens'; did you mean 'dense'?")]),
  DiagnosticCase(
    name: "unknown step without suggestion", source: "m = 1️⃣frobnicate(10)",
    expected: [error(1, "unknown step 'frobnicate'")]),
  DiagnosticCase(
    name: "unknown name with suggestion", source: "evaluate(net, on: 1️⃣dta.test)",
    expected: [error(1, "cannot find 'dta'; did you mean 'data'?")]),
  DiagnosticCase(
    name: "step used as a value", source: "m = 1️⃣dense",
    expected: [error(1, "'dense' is a step; call it")]),
  DiagnosticCase(
    name: "use before definition", source: "evaluate(1️⃣later, on: data.test)\nlater = net",
    expected: [error(1, "'later' is used before it is defined")]),
  DiagnosticCase(
    name: "loop body names are not visible after the loop",
    source:
      "for b in [8] {\n  q = quantize(net, bits: b)\n  evaluate(q, on: "
      + "data.test)\n}\nevaluate(1️⃣q, on: data.test)",
    expected: [error(1, "cannot find 'q'")]),
  // Arguments.
  DiagnosticCase(
    name: "unknown argument with suggestion", source: "m = 2️⃣evaluate(net, 1️⃣onn: data.test)",
    expected: [
      error(1, "'evaluate' has no argument 'onn'; did you mean 'on'?"),
      error(2, "missing argument 'on: Split'"),
    ]),
  DiagnosticCase(
    name: "missing argument", source: "1️⃣evaluate(net)",
    expected: [error(1, "missing argument 'on: Split' in call to 'evaluate'")]),
  DiagnosticCase(
    name: "duplicate argument", source: "evaluate(net, on: data.test, 1️⃣on: data.train)",
    expected: [error(1, "argument 'on' is given twice")]),
  DiagnosticCase(
    name: "unlabelled argument to a step without positional parameters", source: "o = adam(1️⃣0.1)",
    expected: [error(1, "too many unlabelled arguments: 'adam' takes no unlabelled arguments")]),
  DiagnosticCase(
    name: "too many positional arguments",
    source: "m = sequential(input: 28x28x1) [\n  maxpool(2, 1️⃣2)\n  flatten()\n  dense(10)\n]",
    expected: [
      error(1, "'maxpool' takes 1 unlabelled argument (size); label the others, e.g. 'stride:'")
    ]),
  DiagnosticCase(
    name: "positional after labelled", source: "2️⃣evaluate(on: data.test, 1️⃣net)",
    expected: [
      error(1, "an unlabelled argument cannot follow a labelled one"),
      error(2, "missing argument 'model"),
    ]),
  DiagnosticCase(
    name: "variadic step needs a value", source: "1️⃣speed(on: data.test)",
    expected: [error(1, "'speed' needs at least one model")]),
  // Types.
  DiagnosticCase(
    name: "float for an Int parameter",
    source: "n = train(cnn, on: data.train, epochs: 1️⃣2.5, optimizer: adam())",
    expected: [error(1, "argument 'epochs' of 'train' expects Int, got Float")]),
  DiagnosticCase(
    name: "string for an Int parameter", source: "q = quantize(net, bits: 1️⃣\"8\")",
    expected: [error(1, "expects Int, got String")]),
  DiagnosticCase(
    name: "model of the wrong kind", source: "t = errors(1️⃣net)",
    expected: [error(1, "argument 'quantized' of 'errors' expects QuantizedModel, got Model")]),
  DiagnosticCase(
    name: "constant of another enumeration",
    source: "q = quantize(net, bits: 8, scheme: 1️⃣per_channel)",
    expected: [error(1, "'per_channel' is not a scheme; expected symmetric or asymmetric")]),
  DiagnosticCase(
    name: "misspelled constant", source: "q = quantize(net, bits: 8, scheme: 1️⃣symetric)",
    expected: [
      error(
        1, "'symetric' is not a scheme; expected symmetric or asymmetric; did you mean 'symmetric'?"
      )
    ]),
  DiagnosticCase(
    name: "list of mixed types",
    source: "for x in [1, 1️⃣\"a\"] {\n  2️⃣y = x\n  evaluate(net, on: data.test)\n}",
    expected: [error(1, "a list holds one type"), warning(2, "name 'y' is never used")]),
  DiagnosticCase(
    name: "loop over a non-list", source: "for 2️⃣b in 1️⃣8 {\n}",
    expected: [error(1, "a loop runs over a list"), warning(2, "loop variable 'b' is never used")]),
  DiagnosticCase(
    name: "negating a string", source: "x = -1️⃣\"a\"",
    expected: [error(1, "'-' applies to numbers only")]),
  // Ranges.
  DiagnosticCase(
    name: "bits 0", source: "q = quantize(net, bits: 1️⃣0)",
    expected: [error(1, "'bits' of 'quantize' must be 1...8 or 16; got 0")]),
  DiagnosticCase(
    name: "bits 17", source: "q = quantize(net, bits: 1️⃣17)",
    expected: [error(1, "'bits' of 'quantize' must be 1...8 or 16; got 17")]),
  DiagnosticCase(
    name: "epochs -1", source: "n = train(cnn, on: data.train, epochs: 1️⃣-1, optimizer: adam())",
    expected: [error(1, "'epochs' of 'train' must be 1...1000; got -1")]),
  DiagnosticCase(
    name: "batch 0", source: "n = train(cnn, on: data.train, batch: 1️⃣0, optimizer: sgd())",
    expected: [error(1, "'batch' of 'train' must be 1...60000; got 0")]),
  DiagnosticCase(
    name: "learning rate 0", source: "o = adam(lr: 1️⃣0)",
    expected: [error(1, "'lr' of 'adam' must be 0 < x ≤ 10; got 0")]),
  DiagnosticCase(
    name: "loop value out of range",
    source: "for b in [8, 17] {\n  q = quantize(net, bits: 1️⃣b)\n  evaluate(q, on: data.test)\n}",
    expected: [error(1, "got 17")]),
  DiagnosticCase(
    name: "list element out of range", source: "q = quantize(net, bits: 8, layer_bits: 1️⃣[8, 9])",
    expected: [error(1, "each element of 'layer_bits' of 'quantize' must be 1...8 or 16; got 9")]),
  DiagnosticCase(
    name: "dropout rate 1",
    source: "m = sequential(input: 28x28x1) [ flatten(), dropout(1️⃣1.0), dense(10) ]",
    expected: [error(1, "'rate' of 'dropout' must be 0 ≤ x < 1; got 1")]),
  DiagnosticCase(
    name: "zero in a shape", source: "m = sequential(input: 1️⃣28x0x1) [ flatten(), dense(10) ]",
    expected: [error(1, "a shape dimension must be at least 1")]),
  DiagnosticCase(
    name: "huge input shape stops inference (regression: overflow)",
    source:
      "m = sequential(input: 1️⃣99999999999x9999999999x1) [ conv2d(4096, kernel: 31), flatten(), "
      + "dense(10) ]",
    expected: [
      error(1, "each dimension of 'input' of 'sequential' must be 1...4096; got 99999999999")
    ]),
  DiagnosticCase(
    name: "huge filter count stops inference",
    source:
      "m = sequential(input: 28x28x1) [ conv2d(1️⃣99999999999999, kernel: 3), flatten(), "
      + "dense(10) ]",
    expected: [error(1, "'filters' of 'conv2d' must be 1...4096")]),
  DiagnosticCase(
    name: "option without the option it depends on",
    source: "q = quantize(net, bits: 2, threshold: 1️⃣0.5, granularity: per_group, group_size: 64)",
    expected: [
      warning(1, "'threshold' has no effect unless method: ternary (here method is linear)")
    ]),
  DiagnosticCase(
    name: "schedule options without a step schedule",
    source: "n = train(cnn, on: data.train, optimizer: sgd(), schedule: cosine, gamma: 1️⃣0.1)",
    expected: [
      warning(1, "'gamma' has no effect unless schedule: step " + "(here schedule is cosine)")
    ]),
  DiagnosticCase(
    name: "linear-only options with another method",
    source:
      "a = quantize(net, bits: 1, method: binary, granularity: 1️⃣per_group, group_size: 1)\n"
      + "b = quantize(net, bits: 3, method: kmeans, scheme: 2️⃣asymmetric, "
      + "rounding: 3️⃣stochastic)",
    expected: [
      warning(1, "'granularity' has no effect unless method: linear (here method is binary)"),
      warning(2, "'scheme' has no effect unless method: linear (here method is kmeans)"),
      warning(3, "'rounding' has no effect unless method: linear"),
    ]),
  DiagnosticCase(
    name: "a seed without stochastic rounding (quantize and signals; qat's seed trains)",
    source:
      "q = quantize(net, bits: 4, seed: 1️⃣3)\nr = quantize(net, bits: 4, rounding: stochastic, "
      + "seed: 3)\ns = quantize_signal(signal(), bits: 3, seed: 2️⃣2)\nt = qat(net, bits: 4, "
      + "on: data.train, seed: 3)\nexport(net, to: \"n.onnx\", qlinear: 3️⃣true)",
    expected: [
      warning(1, "'seed' has no effect unless rounding: stochastic (here rounding is nearest)"),
      warning(2, "'seed' has no effect unless rounding: stochastic"),
      error(3, "qlinear: true applies to integer models only"),
    ]),
  // Scopes.
  DiagnosticCase(
    name: "rebinding a name", source: "1️⃣net = train(cnn, on: data.train, optimizer: adam())",
    expected: [error(1, "'net' is already defined")]),
  DiagnosticCase(
    name: "rebinding inside a loop body",
    source: "for b in [8] {\n  2️⃣q = quantize(net, bits: b)\n  1️⃣q = quantize(net, bits: b)\n}",
    expected: [error(1, "'q' is already defined"), warning(2, "name 'q' is never used")]),
  DiagnosticCase(
    name: "assigning a parameter", source: "1️⃣epochs = 3",
    expected: [error(1, "'epochs' is a notebook parameter")]),
  DiagnosticCase(
    name: "assigning an enumeration constant", source: "1️⃣relu = 3",
    expected: [error(1, "'relu' is a constant of activation")]),
  DiagnosticCase(
    name: "unused global name", source: "1️⃣unused = mnist()",
    expected: [warning(1, "'unused' is never used")], prelude: false, finish: true),
  // Layer stacks.
  DiagnosticCase(
    name: "kernel larger than its input",
    source: "m = sequential(input: 4x4x1) [\n  1️⃣conv2d(8, kernel: 5)\n  flatten()\n"
      + "  dense(10)\n]",
    expected: [error(1, "conv2d window 5x5 is larger than its 4x4x1 input")]),
  DiagnosticCase(
    name: "dense before flatten",
    source: "m = sequential(input: 28x28x1) [\n  conv2d(8, kernel: 3)\n  1️⃣dense(10)\n]",
    expected: [error(1, "dense needs a flat input, but it gets 26x26x8; add flatten() before it")]),
  DiagnosticCase(
    name: "softmax before the last layer",
    source: "m = sequential(input: 28x28x1) [\n  flatten()\n  1️⃣softmax()\n  dense(10)\n]",
    expected: [warning(1, "softmax belongs in the last layer")]),
  DiagnosticCase(
    name: "model that does not end flat",
    source: "m = sequential(input: 28x28x1) 1️⃣[\n  conv2d(8, kernel: 3)\n]",
    expected: [error(1, "a model must end with a flat output")]),
  DiagnosticCase(
    name: "model outputs do not match the classes",
    source:
      "m = sequential(input: 28x28x1) [ flatten(), dense(5) ]\nt = train(1️⃣m, on: data.train, "
      + "optimizer: sgd())",
    expected: [error(1, "the model gives 5 outputs, but the data has 10 classes")]),
  DiagnosticCase(
    name: "model input does not match the images",
    source:
      "m = sequential(input: 32x32x3) [ flatten(), dense(10) ]\nt = train(1️⃣m, on: data.train, "
      + "optimizer: sgd())",
    expected: [error(1, "the model takes 32x32x3 inputs, but the images are 28x28x1")]),
  DiagnosticCase(
    name: "non-layer in a layer block",
    source: "m = sequential(input: 28x28x1) [ flatten(), 1️⃣adam(), dense(10) ]",
    expected: [error(1, "a layer block holds layers")]),
  DiagnosticCase(
    name: "sequential without a block", source: "m = 1️⃣sequential(input: 28x28x1)",
    expected: [error(1, "'sequential' needs a layer block")]),
  DiagnosticCase(
    name: "layer block after a step that takes none",
    source: "evaluate(net, on: data.test) 1️⃣[ flatten() ]",
    expected: [error(1, "'evaluate' does not take a layer block")]),
  // Members.
  DiagnosticCase(
    name: "misspelled member", source: "s = data.1️⃣trian",
    expected: [
      error(
        1,
        "Dataset has no member 'trian'; members are classes, test or train; did you mean 'train'?")
    ]),
  DiagnosticCase(
    name: "member of a type without members", source: "o = adam()\nx = o.1️⃣lr",
    expected: [error(1, "Optimizer has no members")]),
  // Useless statements.
  DiagnosticCase(
    name: "bare literal", source: "1️⃣42", expected: [warning(1, "a bare value does nothing")]),
  DiagnosticCase(
    name: "lone layer", source: "1️⃣dense(10)",
    expected: [warning(1, "a layer on its own does nothing")]),
  // Cell options.
  DiagnosticCase(
    name: "unknown cell option with suggestion", source: "#| 1️⃣captoin: Accuracy\nx = mnist()",
    expected: [error(1, "unknown cell option 'captoin'; did you mean 'caption'?")], prelude: false),
  DiagnosticCase(
    name: "unknown cell option without suggestion", source: "#| 1️⃣colour: red\nx = mnist()",
    expected: [
      error(
        1, "unknown cell option 'colour'; cell options are caption, echo, cache, label or shard")
    ],
    prelude: false),
  DiagnosticCase(
    name: "cell option flag with suggestion", source: "#| echo: 1️⃣flase\nx = mnist()",
    expected: [
      error(1, "cell option 'echo' must be true or false, not 'flase'; did you mean 'false'?")
    ],
    prelude: false),
  DiagnosticCase(
    name: "cell option flag without suggestion", source: "#| cache: 1️⃣maybe\nx = mnist()",
    expected: [error(1, "cell option 'cache' must be true or false, not 'maybe'")], prelude: false),
  DiagnosticCase(
    name: "duplicate cell option", source: "#| echo: false\n#| 1️⃣echo: true\nx = mnist()",
    expected: [error(1, "cell option 'echo' is already set on line 1; remove one of them")],
    prelude: false),
  DiagnosticCase(
    name: "cell label with a blank", source: "#| label: 1️⃣fig bits\nx = mnist()",
    expected: [
      error(1, "cell option 'label' uses letters, digits, '-' and '_' only, not 'fig bits'")
    ],
    prelude: false),
  DiagnosticCase(
    name: "every cell option wrong at once",
    source: "#| 1️⃣cach: false\n#| echo: 2️⃣yes\n#| 3️⃣foo: 1\nx = mnist()",
    expected: [
      error(1, "unknown cell option 'cach'; did you mean 'cache'?"),
      error(2, "cell option 'echo' must be true or false, not 'yes'"),
      error(3, "unknown cell option 'foo'"),
    ], prelude: false),
  DiagnosticCase(
    name: "cell option after code", source: "x = mnist()\n1️⃣#| echo: false",
    expected: [warning(1, "cell option after code is ignored")], prelude: false),
  // Syntax.
  DiagnosticCase(
    name: "unterminated string", source: "s = 1️⃣\"abc\nt = 2",
    expected: [error(1, "unterminated string")]),
  DiagnosticCase(
    name: "unexpected character", source: "x = 1️⃣@",
    expected: [error(1, "unexpected character '@'")]),
  DiagnosticCase(
    name: "multi-byte character", source: "s = \"é\" 1️⃣€",
    expected: [error(1, "unexpected character '€'")]),
  DiagnosticCase(
    name: "missing closing bracket",
    source: "m = sequential(input: 28x28x1) 2️⃣[\n  flatten()\n  dense(10)\n1️⃣n = 3",
    expected: [error(1, "expected ']' to close the list")], prelude: false),
  DiagnosticCase(
    name: "missing comma", source: "e = evaluate(net 1️⃣on: data.test)",
    expected: [error(1, "expected ',' or ')' in the arguments of 'evaluate'")]),
  DiagnosticCase(
    name: "missing loop brace", source: "for b in [1] 1️⃣\n  x = 1\n2️⃣}",
    expected: [
      error(1, "expected '{' to start the loop body"),
      error(2, "expected an expression, found '}'"),
    ],
    prelude: false),
  DiagnosticCase(
    name: "two statements on a line", source: "x = 1 1️⃣y = 2",
    expected: [error(1, "expected a line break after the statement")], prelude: false),
  DiagnosticCase(
    name: "invalid number", source: "x = 1️⃣3abc", expected: [error(1, "invalid number '3abc'")],
    prelude: false),
]

@Suite struct DiagnosticTests {
  @Test(arguments: diagnosticCases)
  func diagnosticAtMarkers(_ testCase: DiagnosticCase) {
    let (diagnostics, marks) = diagnose(
      testCase.source, withPrelude: testCase.prelude, finish: testCase.finish)
    var expected = testCase.expected
    if testCase.finish, expected.isEmpty { expected = [warning(1, "is never used")] }
    let problems = mismatches(expected, diagnostics, marks)
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func everyErrorIsReportedNotOnlyTheFirst() {
    let (diagnostics, _) = diagnose(
      """
      a = quantize(net, bits: 17)
      b = dens(10)
      c = evaluate(net, onn: data.test)
      """)
    #expect(diagnostics.filter { $0.severity == .error }.count == 4)
  }

  @Test func preludeIsClean() {
    let (diagnostics, _) = diagnose("evaluate(net, on: data.test)")
    #expect(diagnostics.isEmpty, "\(diagnostics)")
  }
}
