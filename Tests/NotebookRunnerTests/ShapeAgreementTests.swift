import MarkdownNotebook
import StepLanguage
import TensorEngine
import Testing

@testable import NotebookRunner

/// The checker's static layer shapes (StepLanguage's `inferShapes`) and the engine's computed
/// ones (TensorEngine's `Shapes.output`, reached through the runner's `sequential` step) agree
/// for every layer kind, on awkward geometries: each layer's input and output shape and its
/// parameter count. The runner builds the model exactly as a notebook run would.
@Suite struct ShapeAgreementTests {
  /// A layer stack (before a closing `flatten()`, `dense(3)`) and its input shape.
  struct Case: Sendable, CustomStringConvertible {
    var input: String
    var layers: [String]
    var description: String { "\(input) \(layers.joined(separator: ", "))" }
  }

  static let cases: [Case] = [
    Case(input: "9x9x2", layers: ["conv2d(3, kernel: 3)"]),
    Case(input: "9x9x2", layers: ["conv2d(4, kernel: 3, stride: 2, activation: relu)"]),
    Case(input: "9x9x2", layers: ["conv2d(4, kernel: 3, stride: 2, padding: same)"]),
    Case(input: "7x8x1", layers: ["conv2d(2, kernel: 4, stride: 3, padding: same)"]),
    Case(input: "3x3x1", layers: ["conv2d(2, kernel: 5, padding: same)"]),
    Case(input: "5x6x3", layers: ["conv2d(1, kernel: 1, stride: 4)"]),
    Case(input: "9x9x2", layers: ["maxpool(2)"]),
    Case(input: "7x8x3", layers: ["maxpool(3, stride: 2)"]),
    Case(input: "5x5x1", layers: ["avgpool(2)"]),
    Case(input: "6x7x2", layers: ["avgpool(3, stride: 1)"]),
    Case(input: "4x4x2", layers: ["flatten()"]),
    Case(input: "4x3x2", layers: ["flatten()", "dense(5, activation: sigmoid)"]),
    Case(input: "4x4x3", layers: ["dropout(0.5)", "batchnorm()"]),
    Case(input: "2x3x4", layers: ["relu()", "sigmoid()", "tanh()", "softmax()"]),
    // Token models: sequence length, embedding width and hidden size.
    Case(input: "tokens: 16", layers: ["embedding(32)", "gru(128)"]),
    Case(input: "tokens: 5", layers: ["embedding(3, vocabulary: 7)", "rnn(9)"]),
    Case(input: "tokens: 16", layers: ["embedding(8, vocabulary: 63)", "dropout(0.1)", "lstm(5)"]),
  ]

  /// The engine's layer kinds, each named once by an exhaustive switch: a new kind fails to
  /// compile here until a case above covers it.
  static func kindName(_ kind: LayerKind) -> String {
    switch kind {
    case .conv2d: return "conv2d"
    case .dense: return "dense"
    case .maxPool: return "maxPool"
    case .avgPool: return "avgPool"
    case .flatten: return "flatten"
    case .dropout: return "dropout"
    case .batchNorm: return "batchNorm"
    case .activation: return "activation"
    case .embedding: return "embedding"
    case .recurrent: return "recurrent"
    }
  }

  static let allKindNames: Set<String> = [
    "conv2d", "dense", "maxPool", "avgPool", "flatten", "dropout", "batchNorm", "activation",
    "embedding", "recurrent",
  ]

  /// The checker's shapes and the model the runner builds for `c`.
  static func checkAndBuild(_ c: Case) throws -> (ModelShape, Sequential) {
    let text =
      "m = sequential(\(c.input.hasPrefix("tokens") ? c.input : "input: " + c.input)) [\n"
      + (c.layers + ["flatten()", "dense(3)"]).map { "  \($0)\n" }.joined() + "]\n"
    let source = CodeSource(text: text, base: SourceLocation(line: 1, column: 1, offset: 0))
    let checked = NotebookChecker.checkNotebook(cells: [source])
    let errors = checked.diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors)")
    let shape = try #require(checked.cells[0].models.first)
    let environment = StepEnvironment(
      seed: 1, threads: 1,
      data: DataProvider(locator: DataLocator(explicitFolder: nil, environment: [:])),
      clock: { 0 }, events: { _ in }, notebookPath: "shapes.md", outputFolder: "/nonexistent")
    let interpreter = Interpreter(parameters: [], environment: environment)
    let run = interpreter.run(checked.cells[0])
    #expect(run.failure == nil, "\(String(describing: run.failure))")
    guard case .model(let value)? = interpreter.globals["m"] else { throw ShapeTestError() }
    return (shape, value.model)
  }

  struct ShapeTestError: Error {}

  @Test(arguments: cases)
  func checkerShapesEqualEngineShapes(_ c: Case) throws {
    let (shape, model) = try Self.checkAndBuild(c)
    #expect(shape.input == model.inputShape)
    #expect(shape.layers.count == model.layers.count)
    for (index, (layer, engineLayer)) in zip(shape.layers, model.layers).enumerated() {
      #expect(layer.input == model.inputShape(ofLayer: index), "\(c) layer \(index) input")
      #expect(
        layer.output == model.layerShapes[index], "\(c) layer \(index) (\(layer.name)) output")
      #expect(
        layer.parameterCount == engineLayer.parameterCount,
        "\(c) layer \(index) (\(layer.name)) parameters")
    }
  }

  /// The cases cover every engine layer kind and every layer step of the registry.
  @Test func casesCoverEveryLayerKindAndStep() throws {
    var kinds: Set<String> = []
    var steps: Set<String> = []
    for c in Self.cases {
      let (shape, model) = try Self.checkAndBuild(c)
      kinds.formUnion(model.layers.map { Self.kindName($0.kind) })
      steps.formUnion(shape.layers.map(\.name))
    }
    #expect(kinds == Self.allKindNames)
    #expect(steps == Set(StepRegistry.standard.filter { $0.category == .layer }.map(\.name)))
  }
}
