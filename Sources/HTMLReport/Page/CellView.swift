/// One code cell on the page: a `<section>` with the source in an open `<details>` (foldable,
/// highlighted), then its outputs; errors appear in place among the outputs.
struct CellView {
  var cell: CodeCell
  var number: Int
  var id: String

  func node() -> Node {
    let caption = cell.caption ?? "Cell \(number)"
    var headParts: [Node] = [.el("span", [.class("cell-caption")], text: caption)]
    var notes: [String] = []
    if let duration = cell.duration { notes.append(Format.duration(duration)) }
    if cell.cached { notes.append("cached") }
    if cell.hasError { notes.append("failed") }
    if !notes.isEmpty {
      headParts.append(.text(" "))
      headParts.append(.el("span", [.class("cell-time")], text: notes.joined(separator: " · ")))
    }
    var children: [Node] = []
    if cell.echo {
      var code: [Node] = [.el("summary", [], headParts)]
      if let location = cell.location {
        code.append(.el("p", [.class("cell-location")], text: location))
      }
      code.append(.el("pre", [.class("code")], [.el("code", [], cell.source.map(Self.span))]))
      children.append(.el("details", [.flag("open"), .class("source")], code))
    } else {
      children.append(.el("p", [.class("cell-head")], headParts))
    }
    if !cell.outputs.isEmpty {
      children.append(.el("div", [.class("outputs")], cell.outputs.map(OutputView.node)))
    }
    let cls = cell.hasError ? "cell cell-failed" : "cell"
    return .el("section", [.class(cls), .id(id), Attribute("aria-label", caption)], children)
  }

  /// A highlighted source span; plain text is not wrapped.
  static func span(_ span: CodeSpan) -> Node {
    span.kind == .plain
      ? .text(span.text) : .el("span", [.class("tok-\(span.kind.rawValue)")], text: span.text)
  }
}

/// The HTML of each output kind.
enum OutputView {
  static func node(_ output: CellOutput) -> Node {
    switch output {
    case .table(let table): return tableNode(table, cls: "data")
    case .modelSummary(let table): return tableNode(table, cls: "data model-summary")
    case .chart(let chart): return chartFigure(chart)
    case .metrics(let list): return metricsNode(list)
    case .text(let block): return textNode(block)
    case .error(let error): return errorNode(error)
    case .claim(let claim): return ClaimView.node(claim)
    }
  }

  static func tableNode(_ table: Table, cls: String) -> Node {
    func alignClass(_ column: Int) -> [Attribute] {
      column < table.columns.count && table.columns[column].alignment == .numeric
        ? [.class("num")] : []
    }
    let width = max(table.columns.count, table.rows.map(\.count).max() ?? 0)
    let rows = table.rows.map { row in
      Node.el(
        "tr", [], (0..<width).map { .el("td", alignClass($0), text: $0 < row.count ? row[$0] : "") }
      )
    }
    return self.table(table.columns, rows: rows, cls: cls, caption: table.caption)
  }

  /// `<table class="cls">` in a scrolling wrapper: the caption, a header row of `columns`
  /// (`.numeric` ones right-aligned) and the `rows` (`<tr>` nodes).
  static func table(_ columns: [Table.Column], rows: [Node], cls: String, caption: String? = nil)
    -> Node
  {
    var parts: [Node] = []
    if let caption { parts.append(.el("caption", [], text: caption)) }
    let headers = columns.map { column in
      Node.el(
        "th", (column.alignment == .numeric ? [.class("num")] : []) + [Attribute("scope", "col")],
        text: column.header)
    }
    parts.append(.el("thead", [], [.el("tr", [], headers)]))
    parts.append(.el("tbody", [], rows))
    return .el("div", [.class("table-wrap")], [.el("table", [.class(cls)], parts)])
  }

  static func chartFigure(_ chart: Chart) -> Node {
    .el(
      "figure", [.class("chart-figure")],
      [
        chart.svg(),
        .el("figcaption", [], text: chart.title),
      ])
  }

  static func metricsNode(_ list: MetricList) -> Node {
    var children: [Node] = []
    if let title = list.title { children.append(.el("p", [.class("output-title")], text: title)) }
    children.append(
      definitionList(list.metrics.map { KeyValue($0.name, $0.value) }, cls: "metrics"))
    return .el("div", [.class("metric-list")], children)
  }

  static func textNode(_ block: TextBlock) -> Node {
    var children: [Node] = []
    if let title = block.title { children.append(.el("p", [.class("output-title")], text: title)) }
    children.append(.el("pre", [.class("log")], text: block.text))
    return .el("div", [.class("text-output")], children)
  }

  /// `file:line:col: error: message`, then the source line with its line number and a caret
  /// line under the offending columns (tabs kept so the caret lines up), then the hint.
  static func errorNode(_ error: CellError) -> Node {
    var head: [Node] = []
    if let location = error.locationText {
      head.append(.el("span", [.class("error-location")], text: location + ":"))
      head.append(.text(" "))
    }
    head.append(.el("strong", [], text: "error:"))
    head.append(.text(" " + error.message))
    var children: [Node] = [.el("p", [.class("error-head")], head)]
    if let source = error.sourceLine {
      let gutter = error.line.map(String.init) ?? ""
      var text = gutter + " | " + source
      if let column = error.column, column >= 1 {
        let lead = source.prefix(column - 1).map { $0 == "\t" ? "\t" : " " }.joined()
        let caret = "^" + String(repeating: "~", count: max(error.caretLength, 1) - 1)
        text += "\n" + String(repeating: " ", count: gutter.count) + " | " + lead + caret
      }
      children.append(.el("pre", [.class("error-source")], text: text))
    }
    if let hint = error.hint {
      children.append(
        .el("p", [.class("error-hint")], [.el("strong", [], text: "hint:"), .text(" " + hint)]))
    }
    return .el("div", [.class("error"), Attribute("role", "alert")], children)
  }
}
