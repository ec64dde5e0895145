/// The list of reports written by one run: `index.html`.
public struct ReportIndex: Sendable, Equatable {
  public var title: String
  /// Shown under the title, e.g. the run date (formatted by the caller).
  public var subtitle: String?
  public var entries: [Entry]

  public init(title: String = "Quantbook reports", subtitle: String? = nil, entries: [Entry]) {
    self.title = title
    self.subtitle = subtitle
    self.entries = entries
  }

  /// One report: its title, the relative path of its file (as named on disk, e.g.
  /// `my notebook #1.html`; the page percent-encodes it into a link), status, wall time,
  /// and headline figures (e.g. `accuracy` -> `91.2%`, `int8 size` -> `1.2 MB`).
  public struct Entry: Sendable, Equatable {
    public var title: String
    public var href: String
    public var status: RunStatus
    public var duration: Duration?
    public var headlines: [KeyValue]

    public init(
      title: String, href: String, status: RunStatus, duration: Duration? = nil,
      headlines: [KeyValue] = []
    ) {
      self.title = title
      self.href = href
      self.status = status
      self.duration = duration
      self.headlines = headlines
    }
  }
}

/// Renders the index page: a table with one row per report (title linked, status, time,
/// headline figures), plus a count of failed reports.
public func renderIndex(_ index: ReportIndex) -> String {
  let failed = index.entries.filter { $0.status == .failed }.count
  var summary =
    "\(Format.count(index.entries.count)) report" + (index.entries.count == 1 ? "" : "s")
  if failed > 0 { summary += ", \(Format.count(failed)) failed" }
  var headerChildren: [Node] = [
    .el("p", [.class("kicker")], text: "Quantbook"),
    .el("h1", [], text: index.title),
  ]
  if let subtitle = index.subtitle {
    headerChildren.append(.el("p", [.class("subtitle")], text: subtitle))
  }
  headerChildren.append(.el("p", [], text: summary + "."))

  let rows = index.entries.map { entry in
    Node.el(
      "tr", [],
      [
        .el(
          "td", [],
          [.el("a", [Attribute("href", percentEncodedPath(entry.href))], text: entry.title)]),
        .el("td", [.class("status-\(entry.status.rawValue)")], text: entry.status.rawValue),
        .el("td", [.class("num")], text: entry.duration.map(Format.duration) ?? "–"),
        .el("td", [], entry.headlines.isEmpty ? [.text("–")] : headlineList(entry.headlines)),
      ])
  }
  let table = OutputView.table(
    [.init("Report"), .init("Status"), .init("Time", .numeric), .init("Headline figures")],
    rows: rows, cls: "data index")
  return htmlDocument(
    title: index.title,
    body: [.el("header", [.class("report-header")], headerChildren), .el("main", [], [table])])
}

/// `name value` pairs separated by ` · `.
private func headlineList(_ pairs: [KeyValue]) -> [Node] {
  var nodes: [Node] = []
  for (i, pair) in pairs.enumerated() {
    if i > 0 { nodes.append(.text(" · ")) }
    nodes.append(.el("span", [.class("headline-name")], text: pair.key))
    nodes.append(.text(" "))
    nodes.append(.el("strong", [], text: pair.value))
  }
  return nodes
}

/// A relative file path as a URL path: every byte of its UTF-8 except the unreserved
/// characters (`A-Z a-z 0-9 - . _ ~`) and `/` becomes `%XX`, so `my notebook #1.html` links to
/// `my%20notebook%20%231.html` (a bare `#` would start a fragment, `?` a query, `%` an escape).
public func percentEncodedPath(_ path: String) -> String {
  let hex = Array("0123456789ABCDEF".utf8)
  var out: [UInt8] = []
  for byte in path.utf8 {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
      UInt8(ascii: "_"),
      UInt8(ascii: "~"), UInt8(ascii: "/"):
      out.append(byte)
    default:
      out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
    }
  }
  return String(decoding: out, as: UTF8.self)
}
