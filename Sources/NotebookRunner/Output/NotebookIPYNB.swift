import HTMLReport
import MarkdownNotebook

/// The run's notebook as a Jupyter notebook (nbformat 4.5): `quantbook run --to ipynb`.
///
/// Layout: each prose cell becomes a `markdown` cell (its Markdown as written, `$…$` and
/// `$$…$$` kept for Jupyter's MathJax, inline expressions replaced by their values); each code
/// cell a `code` cell (its `quant` source without the `#|` option lines, the options in the
/// cell's `metadata.quantbook`) whose outputs are `display_data` with `text/html` (the
/// report's own fragment), `image/svg+xml` (charts) and `text/plain`. Front matter, the
/// parameters in force and the run date go to `metadata.quantbook`; `metadata.kernelspec` and
/// `metadata.language_info` name the language `quant` (no Jupyter kernel runs it: the file is
/// for reading, in Jupyter, JupyterLab, VS Code or nbconvert).
///
/// The bytes depend only on the record: cell ids are `cell-N` (N the cell's place, from 1),
/// and with `SOURCE_DATE_EPOCH` the date is that one and no timings appear, as in the HTML.
enum NotebookIPYNB {
  /// The document for `record`, rendered with one-space indentation as Jupyter writes it.
  static func document(_ record: RunRecord) -> JSON {
    let notebook = record.prepared.notebook
    var executionCount = 0
    let cells = notebook.cells.enumerated().map { i, cell -> JSON in
      let id = JSON.string("cell-\(i + 1)")
      switch cell {
      case .prose(let prose):
        return .object([
          ("cell_type", .string("markdown")), ("id", id), ("metadata", .object([])),
          ("source", sourceLines(markdown(prose, record.inlineTexts))),
        ])
      case .code(let code):
        let run = record.run(ofCell: code.index)
        var count = JSON.null
        if run != nil {
          executionCount += 1
          count = .int(executionCount)
        }
        let options = code.options.map { ($0.key, JSON.string($0.text)) }
        return .object([
          ("cell_type", .string("code")), ("execution_count", count), ("id", id),
          ("metadata", .object(options.isEmpty ? [] : [("quantbook", .object(options))])),
          ("outputs", .array(ReportAssembler.outputs(run, record).map(displayData))),
          ("source", sourceLines(code.code)),
        ])
      }
    }
    return .object([
      ("cells", .array(cells)),
      ("metadata", metadata(record)),
      ("nbformat", .int(4)),
      ("nbformat_minor", .int(5)),
    ])
  }

  /// One `display_data` output: HTML, SVG for charts, and plain text.
  static func displayData(_ output: CellOutput) -> JSON {
    var data: [(String, JSON)] = []
    if let svg = output.svg { data.append(("image/svg+xml", sourceLines(svg))) }
    data.append(("text/html", sourceLines(output.html)))
    data.append(("text/plain", sourceLines(output.plainText)))
    return .object([
      ("data", .object(data)), ("metadata", .object([])), ("output_type", .string("display_data")),
    ])
  }

  /// Jupyter's multi-line string: a list of lines, each but the last ending in `\n`.
  static func sourceLines(_ text: String) -> JSON {
    var lines: [JSON] = []
    var current = ""
    for character in text {
      current.append(character)
      if character == "\n" {
        lines.append(.string(current))
        current = ""
      }
    }
    if !current.isEmpty { lines.append(.string(current)) }
    return .array(lines)
  }

  private static func metadata(_ record: RunRecord) -> JSON {
    let notebook = record.prepared.notebook
    var quantbook: [(String, JSON)] = [
      ("source", .string(record.prepared.path)), ("date", .string(record.date)),
      ("version", .string(record.host.engineVersion)),
    ]
    if let front = notebook.frontMatter {
      quantbook.append(
        ("front_matter", .object(front.entries.map { ($0.key, frontMatterJSON($0.value)) })))
    }
    quantbook.append(
      (
        "parameters",
        .object(record.prepared.parameters.map { ($0.name, .string($0.value.description)) })
      ))
    quantbook.append(("seed", .string(String(record.prepared.seed))))
    return .object([
      (
        "kernelspec",
        .object([
          ("display_name", .string("Quantbook (quant)")), ("language", .string("quant")),
          ("name", .string("quant")),
        ])
      ),
      (
        "language_info",
        .object([
          ("file_extension", .string(".md")), ("mimetype", .string("text/x-quant")),
          ("name", .string("quant")),
        ])
      ),
      ("quantbook", .object(quantbook)),
      ("title", .string(notebook.title)),
    ])
  }

  private static func frontMatterJSON(_ value: FrontMatterValue) -> JSON {
    switch value {
    case .int(let v): return .int(v)
    case .float(let v): return .number(v)
    case .bool(let v): return .bool(v)
    case .string(let v): return .string(v)
    case .list(let items): return .array(items.map { frontMatterJSON($0.value) })
    }
  }
}
