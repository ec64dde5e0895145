/// A parsed notebook: front matter and cells in file order, every part with its exact
/// range in the file.
///
/// Cells: a fenced code block at the top level of the document whose info string's first
/// word is `quant` is a code cell; every other block is prose, and consecutive prose blocks
/// form one prose cell. A `quant` fence inside a list item or block quote stays prose (it is
/// shown, never run): its text is interleaved with the container's markers (`> `, list
/// indentation), and a step hidden in a list would run in an order the reader cannot see.
/// Other fences, indented code blocks and HTML blocks are prose too.
public struct Notebook: Hashable, Sendable {
  /// The path given to `parse`, used in diagnostics.
  public let path: String
  /// An exact copy of the file's text, with its line table.
  public let source: SourceText
  /// The front matter, or nil if the file has none (or it was never closed).
  public let frontMatter: FrontMatter?
  public let cells: [Cell]
  /// The front matter's `title`, else the text of the first level-1 heading, else the
  /// file name without its extension.
  public let title: String

  /// Parses a notebook; throws the first error if there is any.
  ///
  /// Use `parseCollectingErrors` to report all errors at once.
  public static func parse(_ source: String, path: String) throws(NotebookError) -> Notebook {
    let (notebook, errors) = parseCollectingErrors(source, path: path)
    if let first = errors.first { throw first }
    return notebook
  }

  /// Parses a notebook, going on after errors; errors are in file order.
  ///
  /// The notebook is always built: a malformed front matter line is skipped, an unclosed
  /// front matter block is treated as Markdown, a malformed `#|` line is dropped.
  public static func parseCollectingErrors(_ source: String, path: String) -> (
    notebook: Notebook, errors: [NotebookError]
  ) {
    var builder = NotebookBuilder(source: SourceText(source), path: path)
    let notebook = builder.build()
    let errors = builder.errors.sorted { $0.range.start.offset < $1.range.start.offset }
    return (notebook, errors)
  }

  /// The text of 1-based line `number` without its terminator, or nil if out of range.
  public func line(_ number: Int) -> String? { source.line(number) }

  /// The code cells in file order.
  public var codeCells: [CodeCell] {
    cells.compactMap { if case .code(let cell) = $0 { cell } else { nil } }
  }

  /// The prose cells in file order.
  public var proseCells: [ProseCell] {
    cells.compactMap { if case .prose(let cell) = $0 { cell } else { nil } }
  }

  /// All headings in file order (for a table of contents).
  public var headings: [Heading] { proseCells.flatMap(\.headings) }

  /// All inline expressions in file order (`index` is the position in this list).
  public var inlineExpressions: [InlineExpression] { proseCells.flatMap(\.inlineExpressions) }
}
