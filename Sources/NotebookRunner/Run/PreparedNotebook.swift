import MarkdownNotebook
import StepLanguage
import TensorEngine

/// A notebook parsed and type-checked, ready to run (when it has no errors).
struct PreparedNotebook: Sendable {
  var path: String
  var source: String
  var notebook: Notebook
  var checked: CheckedNotebook
  var parameters: [NotebookParameter]
  /// Every static problem: front matter, parameter overrides, syntax, types, shapes.
  var diagnostics: [Diagnostic]
  /// The seed from the front matter (default 1).
  var seed: UInt64
  /// The front matter's `convolution:` (default direct); `--convolution` overrides it
  /// (`RunSettings.convolution`).
  var convolution: InferenceOptions.Convolution

  var hasErrors: Bool { diagnostics.hasErrors }

  /// Parses and checks `source`, collecting every error instead of stopping at the first.
  init(path: String, source: String, overrides: [String]) {
    self.path = path
    self.source = source
    let (notebook, notebookErrors) = Notebook.parseCollectingErrors(source, path: path)
    self.notebook = notebook
    var diagnostics = notebookErrors.map { Diagnostic.error($0.message, at: $0.range) }

    let declarations = Self.declarations(of: notebook)
    let (parameters, overrideErrors) = NotebookParameters.resolve(
      declarations, overrides: overrides)
    // Override errors stand at the front matter's start (else the file's).
    let start = notebook.frontMatter?.range.start ?? SourceLocation(line: 1, column: 1, offset: 0)
    diagnostics += overrideErrors.map {
      Diagnostic.error($0.description, at: SourceRange(at: start))
    }
    self.parameters = parameters

    let cells = notebook.codeCells.map(CodeSource.init(cell:))
    let inlines = notebook.inlineExpressions.map { inline in
      CodeSource(text: inline.text, base: inline.range.start)
    }
    let checked = NotebookChecker.checkNotebook(
      cells: cells, inlines: inlines, parameters: parameters)
    self.checked = checked
    diagnostics += checked.diagnostics
    // Unless the lexer already named the same character in a code cell.
    if let encoding = EncodingCheck.diagnostic(source),
      !diagnostics.contains(where: {
        $0.range.start.line == encoding.range.start.line
          && $0.range.start.column == encoding.range.start.column
      })
    {
      diagnostics.append(encoding)
    }
    self.diagnostics = diagnostics.sortedByLocation()
    self.seed = UInt64(max(0, notebook.frontMatter?.seed ?? 1))
    self.convolution =
      notebook.frontMatter?.convolution.flatMap(InferenceOptions.Convolution.init) ?? .direct
  }

  /// A front matter value as step-language source: bare words stay bare so that enumeration
  /// constants (`symmetric`) type as enumerations.
  static func sourceText(_ value: FrontMatterValue) -> String {
    if case .string(let text) = value,
      let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
      text.unicodeScalars.allSatisfy({
        $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)
      })
    {
      return text
    }
    return value.description
  }

  /// The diagnostics rendered like a compiler's, with source lines and carets.
  func renderedDiagnostics(color: Bool) -> [String] {
    let renderer = DiagnosticRenderer(path: path, source: source, color: color)
    return diagnostics.map { renderer.render($0) }
  }
}
