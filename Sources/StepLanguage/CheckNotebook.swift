import MarkdownNotebook

/// The source of one cell or inline expression, as the notebook parser hands it over.
public struct CodeSource: Sendable {
  /// The code text (for a cell: the fence's content, without the fences).
  public var text: String
  /// Maps offsets in `text` to file positions.
  public var map: SourceMap
  /// `#| key: value` options the notebook parser already took off the top of `text`, with
  /// their file ranges; the checker validates them with any `#|` lines still in `text`.
  public var options: [CellOption] = []
}

extension CodeSource {
  /// Code that is a contiguous slice of the file starting at `base`.
  public init(text: String, base: SourceLocation) {
    self.init(text: text, map: SourceMap(text: text, base: base))
  }

  /// A notebook's code cell: its code (option lines removed), its file map and its options.
  public init(cell: CodeCell) {
    self.init(
      text: cell.code, map: SourceMap(mapping: { cell.location(ofUTF8Offset: $0) }),
      options: cell.options)
  }
}

/// A whole notebook after checking.
public struct CheckedNotebook: Sendable {
  public var cells: [CheckedCell]
  public var inlines: [CheckedInline]
  /// Every diagnostic of the notebook, in file order (cells, inline expressions, unused names).
  public var diagnostics: [Diagnostic]
}

extension NotebookChecker {
  /// Parses and checks every cell of a notebook in order, then the prose inline
  /// expressions against the final global scope.
  public static func checkNotebook(
    cells: [CodeSource], inlines: [CodeSource] = [], parameters: [NotebookParameter] = [],
    registry: StepRegistry = .standard
  ) -> CheckedNotebook {
    let parsed = cells.map { source in
      var cell = Parser.parseCell(source.text, map: source.map)
      cell.options = source.options + cell.options
      return cell
    }
    var checker = NotebookChecker(registry: registry, parameters: parameters, upcoming: parsed)
    let checked = parsed.map { checker.check($0) }
    let checkedInlines = inlines.map { checker.checkInline($0.text, map: $0.map) }
    let all =
      parameters.compactMap(\.constantClash) + checked.flatMap(\.diagnostics)
      + checkedInlines.flatMap(\.diagnostics) + checker.finish()
    return CheckedNotebook(
      cells: checked, inlines: checkedInlines, diagnostics: all.sortedByLocation())
  }
}
