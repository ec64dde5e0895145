import MarkdownNotebook
import Testing

@testable import StepLanguage

/// Rules that need no data (issue 13): bit widths per method, `layer_bits` against the
/// model, strings against constants, paths inside the output folder, model memory.
let ruleCases: [DiagnosticCase] = [
  // Bit widths per method (MethodBits).
  DiagnosticCase(
    name: "log2 needs 2 bits", source: "quantize(net, bits: 1️⃣1, method: log2)",
    expected: [error(1, "'bits' of 'quantize' must be 2...8 for method log2; got 1")]),
  DiagnosticCase(
    name: "kmeans has no 16 bits", source: "quantize(net, bits: 1️⃣16, method: kmeans)",
    expected: [error(1, "'bits' of 'quantize' must be 1...8 for method kmeans; got 16")]),
  DiagnosticCase(
    name: "binary is 1 bit", source: "quantize(net, bits: 1️⃣8, method: binary)",
    expected: [error(1, "'bits' of 'quantize' must be 1 for method binary; got 8")]),
  DiagnosticCase(
    name: "ternary is 2 bits",
    source: "qat(net, bits: 1️⃣3, method: ternary, on: data.train, optimizer: sgd())",
    expected: [error(1, "'bits' of 'qat' must be 2 for method ternary; got 3")]),
  DiagnosticCase(
    name: "symmetric linear needs 2 bits", source: "quantize(net, bits: 1️⃣1)",
    expected: [
      error(
        1,
        "must be 2...8 or 16 for method linear with scheme symmetric; got 1; for 1 bit use "
          + "scheme: asymmetric or method: binary"
      )
    ]),
  DiagnosticCase(
    name: "asymmetric linear takes 1 bit", source: "quantize(net, bits: 1, scheme: asymmetric)",
    expected: []),
  DiagnosticCase(
    name: "bits and method from nested loops",
    source:
      "for b in [2, 1] {\n  for m in [kmeans, log2] {\n    quantize(net, bits: 1️⃣b, method: "
      + "m)\n  }\n}",
    expected: [error(1, "'bits' of 'quantize' must be 2...8 for method log2; got 1")]),
  DiagnosticCase(
    name: "signal log2 has no 16 bits",
    source: "quantize_signal(signal(), bits: 1️⃣16, method: log2)",
    expected: [error(1, "'bits' of 'quantize_signal' must be 2...8 for method log2; got 16")]),
  DiagnosticCase(
    name: "signal linear is asymmetric", source: "quantize_signal(signal(), " + "bits: 1)",
    expected: []),
  DiagnosticCase(
    name: "signal bits beyond 8 other than 16", source: "quantize_signal(signal(), bits: 1️⃣12)",
    expected: [error(1, "'bits' of 'quantize_signal' must be 1...8 or 16; got 12")]),
  DiagnosticCase(
    name: "sensitivity is symmetric linear", source: "sensitivity(net, bits: 1️⃣1, on: data.test)",
    expected: [error(1, "'bits' of 'sensitivity' must be 2...8 or 16; got 1")]),
  DiagnosticCase(
    name: "layer_bits elements per method",
    source: "quantize(net, bits: 4, method: log2, layer_bits: 1️⃣[1, 4])",
    expected: [
      error(1, "each element of 'layer_bits' of 'quantize' must be 2...8 for method log2; got 1")
    ]),
  // layer_bits against the model's conv/dense layers (the prelude's cnn has two).
  DiagnosticCase(
    name: "layer_bits longer than the model",
    source: "quantize(net, bits: 8, layer_bits: 1️⃣[8, 4, 2])",
    expected: [
      error(1, "'layer_bits' has 3 entries, but the model has 2 conv/dense layers (conv2d, dense)")
    ]),
  DiagnosticCase(
    name: "layer_bits shorter than the model", source: "quantize(net, bits: 8, layer_bits: 1️⃣[8])",
    expected: [error(1, "'layer_bits' has 1 entry, but the model has 2 conv/dense layers")]),
  DiagnosticCase(
    name: "layer_bits matching the model", source: "quantize(net, bits: 8, layer_bits: [8, 4])",
    expected: []),
  // Strings and constants.
  DiagnosticCase(
    name: "a constant written as a string",
    source: "quantize(net, bits: 8, scheme: 1️⃣\"symmetric\")",
    expected: [
      error(
        1,
        "'scheme' of 'quantize' takes a scheme constant (symmetric or asymmetric), not a string; "
          + "write symmetric without quotes"
      )
    ]),
  DiagnosticCase(
    name: "a string that is no constant", source: "quantize(net, bits: 8, method: 1️⃣\"fancy\")",
    expected: [error(1, "'method' of 'quantize' takes a method constant")]),
  DiagnosticCase(
    name: "a constant where a string is expected", source: "save(net, to: 1️⃣relu)",
    expected: [
      error(1, "'to' of 'save' takes a string, and 'relu' is a constant; write \"relu\" in quotes")
    ]),
  DiagnosticCase(
    name: "a bare word where a string is expected", source: "m = load(1️⃣checkpoint)",
    expected: [
      error(1, "cannot find 'checkpoint'; a string is written in quotes: " + "\"checkpoint\"")
    ]),
  // Paths stay inside the output folder.
  DiagnosticCase(
    name: "absolute path", source: "save(net, to: 1️⃣\"/tmp/net.qbm\")",
    expected: [
      error(
        1, "'/tmp/net.qbm' is an absolute path; files are written and read inside the output folder"
      )
    ]),
  DiagnosticCase(
    name: "dot-dot out of the folder", source: "m = load(1️⃣\"../net.qbm\")",
    expected: [error(1, "'../net.qbm' leads out of the output folder")]),
  DiagnosticCase(
    name: "dot-dot out after a folder", source: "save(net, to: 1️⃣\"a/../../net.qbm\")",
    expected: [error(1, "'a/../../net.qbm' leads out of the output folder")]),
  DiagnosticCase(
    name: "dot-dot that stays inside", source: "save(net, to: \"a/../b/./net.qbm\")", expected: []),
  DiagnosticCase(
    name: "empty path", source: "save(net, to: 1️⃣\"\")",
    expected: [error(1, "a file name cannot be empty")]),
  DiagnosticCase(
    name: "backslash in a path", source: "save(net, to: 1️⃣\"models\\\\net.qbm\")",
    expected: [error(1, "a file name cannot contain '\\'")]),
  DiagnosticCase(
    name: "the folder itself", source: "m = load(1️⃣\"a/..\")",
    expected: [error(1, "'a/..' names the output folder itself, not a file")]),
  DiagnosticCase(
    name: "a bad path is reported beside another error in the call",
    source: "save(1️⃣nett, to: 2️⃣\"../net.qbm\")",
    expected: [
      error(1, "cannot find 'nett'; did you mean 'net'?"),
      error(2, "leads out of the output folder"),
    ]),
  DiagnosticCase(
    name: "a path from a loop",
    source: "for p in [\"ok.qbm\", \"../out.qbm\"] {\n  save(net, to: 1️⃣p)\n}",
    expected: [error(1, "'../out.qbm' leads out of the output folder")]),
  DiagnosticCase(
    name: "a Float that rounds out of range in float32",
    source: "m = sequential(input: 28x28x1) [flatten(), dropout(1️⃣0.9999999999), dense(10)]",
    expected: [error(1, "'rate' of 'dropout' must be 0 ≤ x < 1; got 0.9999999999")]),
  // What the integer engine can convert.
  DiagnosticCase(
    name: "convert of log2 weights",
    source:
      "convert(1️⃣quantize(net, bits: 4, method: log2, mode: weights_and_activations))",
    expected: [
      error(1, "cannot run on the integer engine: it has method log2; convert needs method linear")
    ]),
  DiagnosticCase(
    name: "convert of per-tensor weights through a name",
    source:
      "q = quantize(net, bits: 8, granularity: per_tensor, mode: weights_and_activations)\n"
      + "i = convert(1️⃣q)\nevaluate(i, on: data.test)",
    expected: [error(1, "it has granularity per_tensor")]),
  DiagnosticCase(
    name: "convert of 16-bit layer_bits",
    source:
      "convert(1️⃣quantize(net, bits: 8, layer_bits: [8, 16], mode: weights_and_activations))",
    expected: [error(1, "it has 16-bit weights")]),
  DiagnosticCase(
    name: "convert of weights-only quantization",
    source: "q = quantize(net, bits: 8)\ni = convert(1️⃣q)",
    expected: [error(1, "quantized weights only (mode: weights, the default)")]),
  DiagnosticCase(
    name: "convert of 16-bit activations",
    source:
      "convert(1️⃣quantize(net, bits: 8, mode: weights_and_activations, activation_bits: 16))",
    expected: [error(1, "activations use 16 bits; the integer engine runs at most 8")]),
  DiagnosticCase(
    name: "convert of a batch norm after an activation",
    source:
      "m = sequential(input: 28x28x1) [conv2d(4, kernel: 3, activation: relu), batchnorm(), "
      + "flatten(), dense(10)]\nn = train(m, on: data.train)\n"
      + "convert(1️⃣quantize(n, bits: 8, mode: weights_and_activations))",
    expected: [error(1, "layer 2 (batchnorm) follows conv2d with activation relu")]),
  DiagnosticCase(
    name: "convert of an unfolded batch norm",
    source:
      "m = sequential(input: 28x28x1) [conv2d(4, kernel: 3), batchnorm(), flatten(), dense(10)]"
      + "\nn = train(m, on: data.train)\nconvert(1️⃣quantize(n, bits: 8, "
      + "mode: weights_and_activations, fold_batchnorm: false))",
    expected: [error(1, "layer 2 (batchnorm) is not folded (fold_batchnorm: false)")]),
  DiagnosticCase(
    name: "convert of a folded batch norm, average pooling and a tanh layer",
    source:
      "m = sequential(input: 28x28x1) [conv2d(4, kernel: 3), batchnorm(), relu(), avgpool(2), "
      + "flatten(), dense(10)]\nn = train(m, on: data.train)\nconvert(1️⃣quantize(n, bits: 8, "
      + "mode: weights_and_activations))\nt = sequential(input: 28x28x1) [flatten(), dense(8), "
      + "tanh(), dense(10)]\nconvert(2️⃣quantize(train(t, on: data.train), bits: 8, "
      + "mode: weights_and_activations))",
    expected: [
      error(1, "layer 4 (avgpool) is average pooling"), error(2, "layer 3 (tanh) is a tanh"),
    ]),
  DiagnosticCase(
    name: "words and images given to the other kind of model",
    source:
      "w = words(train: 100, test: 1️⃣15)\nr = sequential(tokens: 16) [embedding(4), gru(4), "
      + "dense(10)]\nevaluate(r, on: 2️⃣subset(data.test, count: 5))\n"
      + "evaluate(net, on: 3️⃣w.test)\nfor s in [data.test, w.test] {\n  evaluate(net, on: s)\n}",
    expected: [
      error(1, "words(test: 15): the words are shared evenly by 10 languages"),
      error(2, "'evaluate' gets images from 'subset(data.test, …)', but the model reads words"),
      error(3, "'evaluate' gets words from 'w.test', but the model reads images"),
    ]),
  DiagnosticCase(
    name: "convert of int8 per-channel weights",
    source:
      "convert(quantize(net, bits: 8, layer_bits: [8, 4], mode: weights_and_activations, "
      + "calibrate_on: data.train))",
    expected: []),
  // Model memory (ModelMemory).
  DiagnosticCase(
    name: "a model too large to allocate",
    source: "big = 1️⃣sequential(input: 4096x4096x4096) [flatten(), dense(65536), dense(10)]",
    expected: [
      error(
        1,
        "over the limit of 4 GiB, and dense's parameters hold 4503599627436032 values, over the "
          + "limit of 2^31 values per tensor"
      )
    ]),
  DiagnosticCase(
    name: "a model over 4 GiB",
    source: "big = 1️⃣sequential(input: 4096x4096x1) [conv2d(64, kernel: 3), flatten(), dense(1)]",
    expected: [error(1, "this model is too large: it needs")]),
  DiagnosticCase(
    name: "a batch too large for the model",
    source:
      "wide = sequential(input: 28x28x1) [conv2d(512, kernel: 3), flatten(), dense(10)]\nw = "
      + "train(wide, on: data.train, batch: 1️⃣60000, optimizer: sgd())",
    expected: [error(1, "'batch' of 'train' is too large for this model")]),
  DiagnosticCase(
    name: "a model too large to evaluate 256 images at a time",
    source:
      "wide = sequential(input: 28x28x1) [conv2d(4096, kernel: 3, padding: same), conv2d(10, "
      + "kernel: 1), flatten(), dense(10)]\nevaluate(1️⃣wide, on: data.test)",
    expected: [error(1, "this model is too large to evaluate 256 images at a time")]),
]

@Suite struct RuleDiagnosticTests {
  @Test(arguments: ruleCases)
  func ruleAtMarkers(_ testCase: DiagnosticCase) {
    let (diagnostics, marks) = diagnose(
      testCase.source, withPrelude: testCase.prelude, finish: testCase.finish)
    let problems = mismatches(testCase.expected, diagnostics, marks)
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  /// A front-matter parameter named like a constant is an error at its name, and is not
  /// bound: `relu` stays the activation in the cells.
  @Test func parameterNamedLikeAConstant() {
    let code = "m = sequential(input: 28x28x1) [flatten(), dense(10, activation: relu)]\nsummary(m)"
    let name = SourceRange(
      start: SourceLocation(line: 3, column: 3, offset: 20),
      end: SourceLocation(line: 3, column: 7, offset: 24))
    let checked = NotebookChecker.checkNotebook(
      cells: [CodeSource(text: code, base: SourceLocation(line: 9, column: 1, offset: 100))],
      parameters: [
        NotebookParameter(name: "relu", type: .int, value: .int(3), nameRange: name),
        NotebookParameter(name: "epochs", type: .int, value: .int(3)),
      ])
    #expect(checked.diagnostics.count == 1, "\(checked.diagnostics)")
    let first = checked.diagnostics.first
    #expect(first?.severity == .error)
    #expect(first?.range == name)
    #expect(
      first?.message
        == "parameter 'relu' has the name of a constant of activation; choose another name")
  }

  /// The sizes behind the memory rule, computed without overflow.
  @Test func memoryEstimateFollowsTheFormula() throws {
    let text = "m = sequential(input: 28x28x1) [conv2d(8, kernel: 3), flatten(), dense(10)]"
    let cell = Parser.parseCell(text, map: .standalone(text))
    var checker = NotebookChecker()
    let model = try #require(checker.check(cell).models.first)
    let memory = ModelMemory(model)
    let parameters = (3 * 3 * 1 * 8 + 8) + (26 * 26 * 8 * 10 + 10)
    // input + conv output + conv patches + flatten output + dense output
    let values = 784 + 26 * 26 * 8 + 26 * 26 * 9 + 26 * 26 * 8 + 10
    #expect(memory.parameters == parameters)
    #expect(memory.valuesPerImage == values)
    #expect(memory.bytes(batch: 32, training: true) == 4 * (4 * parameters + 2 * values * 32))
    #expect(memory.bytes(batch: 256, training: false) == 4 * (parameters + values * 256))
    #expect(Checked.product([Int.max, 2]) == Int.max)
    #expect(Checked.sum([Int.max, 1]) == Int.max)
  }
}
