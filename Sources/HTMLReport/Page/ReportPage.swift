/// Renders a whole report as one self-contained HTML document: inline CSS and SVG, no script,
/// no external request. Same `Report` in, same bytes out.
public func renderPage(_ report: Report) -> String {
  htmlDocument(title: report.title, body: ReportPage(report: report).body())
}

/// Builds the node tree of a report page.
struct ReportPage {
  var report: Report

  /// The children of `<body>`: header, contents, the sections, footer.
  func body() -> [Node] {
    var ids = IDAllocator()
    for entry in report.tableOfContents { _ = ids.claim(entry.id) }
    var sections: [Node] = []
    var cellNumber = 0
    for section in report.sections {
      switch section {
      case .prose(let html):
        sections.append(.el("div", [.class("prose")], [.raw(html)]))
      case .cell(let cell):
        cellNumber += 1
        let id = ids.claim(
          "cell-" + slug(cell.label ?? String(cellNumber), fallback: String(cellNumber)))
        sections.append(CellView(cell: cell, number: cellNumber, id: id).node())
      }
    }
    return [header(), tableOfContents(), .el("main", [], sections), footer()]
  }

  func header() -> Node {
    let status = report.status
    return .el(
      "header", [.class("report-header")],
      [
        .el(
          "p", [.class("kicker")],
          [
            .text("Quantbook report "),
            .el("span", [.class("status status-\(status.rawValue)")], text: status.rawValue),
          ]),
        .el("h1", [], text: report.title),
        MetadataView(metadata: report.metadata).node(),
      ])
  }

  func tableOfContents() -> Node {
    guard !report.tableOfContents.isEmpty else { return .empty }
    let items = report.tableOfContents.map { entry in
      Node.el(
        "li", [.class("toc-l\(min(max(entry.level, 1), 6))")],
        [
          .el("a", [Attribute("href", "#" + entry.id)], text: entry.text)
        ])
    }
    return .el(
      "nav", [.class("toc"), Attribute("aria-label", "Contents")],
      [
        .el("h2", [], text: "Contents"),
        .el("ol", [], items),
      ])
  }

  func footer() -> Node {
    var text = "Written by Quantbook"
    if let version = report.metadata.quantbookVersion { text += " " + version }
    if let date = report.metadata.date { text += " on " + date }
    return .el("footer", [.class("report-footer")], [.el("p", [], text: text + ".")])
  }
}

/// A whole page: the doctype, `<html lang="en">` with the shared `<head>` and `body`.
func htmlDocument(title: String, body: [Node]) -> String {
  "<!DOCTYPE html>\n"
    + Node.el("html", [Attribute("lang", "en")], [head(title: title), .el("body", [], body)])
    .render()
}

/// The shared `<head>`: charset, viewport, colour schemes, title, inline stylesheet.
func head(title: String) -> Node {
  .el(
    "head", [],
    [
      .el("meta", [Attribute("charset", "utf-8")]),
      .el("meta", attrs(("name", "viewport"), ("content", "width=device-width, initial-scale=1"))),
      .el("meta", attrs(("name", "color-scheme"), ("content", "light dark"))),
      .el("meta", attrs(("name", "generator"), ("content", "Quantbook"))),
      .el("title", [], text: title),
      .el("style", [], [.raw(Stylesheet.css)]),
    ])
}

/// Hands out unique element ids: a taken id gets `-2`, `-3`, ... appended.
struct IDAllocator {
  private var taken: Set<String> = []

  mutating func claim(_ wanted: String) -> String {
    var candidate = wanted
    var n = 2
    while taken.contains(candidate) {
      candidate = wanted + "-\(n)"
      n += 1
    }
    taken.insert(candidate)
    return candidate
  }
}

/// The metadata block of the header: the typed fields first, then parameters, checksums
/// and extras, each row a `<dt>`/`<dd>` pair.
struct MetadataView {
  var metadata: ReportMetadata

  func rows() -> [KeyValue] {
    var rows: [KeyValue] = []
    if let date = metadata.date { rows.append(KeyValue("Date", date)) }
    if let path = metadata.sourcePath { rows.append(KeyValue("Notebook", path)) }
    if let seed = metadata.seed { rows.append(KeyValue("Seed", String(seed))) }
    if let duration = metadata.duration {
      rows.append(KeyValue("Duration", Format.duration(duration)))
    }
    if let version = metadata.quantbookVersion { rows.append(KeyValue("Quantbook", version)) }
    if let threads = metadata.threads { rows.append(KeyValue("Threads", String(threads))) }
    if !metadata.cpuFeatures.isEmpty {
      rows.append(KeyValue("CPU features", metadata.cpuFeatures.joined(separator: ", ")))
    }
    if let cache = metadata.cacheInfo { rows.append(KeyValue("Cache", cache)) }
    return rows + metadata.extra
  }

  func node() -> Node {
    var children: [Node] = [definitionList(rows(), cls: "meta")]
    if !metadata.parameters.isEmpty {
      children.append(.el("h2", [.class("meta-title")], text: "Parameters"))
      children.append(definitionList(metadata.parameters, cls: "meta params"))
    }
    if !metadata.datasetChecksums.isEmpty {
      children.append(.el("h2", [.class("meta-title")], text: "Data sets"))
      children.append(definitionList(metadata.datasetChecksums, cls: "meta checksums"))
    }
    return .group(children)
  }
}

/// `<dl>` with one `<div>` per pair (valid HTML, and lets CSS lay pairs out as a grid).
func definitionList(_ pairs: [KeyValue], cls: String) -> Node {
  guard !pairs.isEmpty else { return .empty }
  return .el(
    "dl", [.class(cls)],
    pairs.map { pair in
      .el("div", [], [.el("dt", [], text: pair.key), .el("dd", [], text: pair.value)])
    })
}
