import HTMLReport
import MarkdownNotebook

/// A table value: what the report draws plus the same cells as numbers for the JSON file.
struct TableValue: ValueKind {
  var table: Table
  /// Charts drawn under the table (histograms of a per-layer error table, ...).
  var charts: [Chart] = []
  /// For a table of measured times (`speed`): the same table with the times replaced by
  /// `Timings.placeholder`, shown in reproducible reports (without `charts`, which then
  /// only plot times). Nil for tables without measured times.
  var untimed: Table? = nil

  var inlineText: String { table.caption ?? "table" }

  func member(_ name: String, at range: SourceRange) throws(StepFailure) -> RuntimeValue {
    guard name == "rows" else { throw .noMember(name, at: range) }
    return .int(table.rows.count)
  }

  /// The table (its caption followed by `title`) and its charts; a table of measured times
  /// is shown without them when `timings` is off, and without its charts.
  func outputs(title: String?, timings: Bool) -> [CellOutput] {
    var table = timings ? self.table : untimed ?? self.table
    if let title {
      table.caption = [table.caption, title].compactMap { $0 }.joined(separator: " — ")
    }
    return [.table(table)] + (timings || untimed == nil ? charts.map { .chart($0) } : [])
  }

  func json(timings: Bool) -> JSON { ReportJSON.table(timings ? table : untimed ?? table) }

  /// Tag 11: the table and its charts; a table of measured times is re-measured, not stored.
  func encode(into w: inout CacheWriter, reference: (NamedSplit) -> SplitReference?) -> Bool {
    guard untimed == nil else { return false }
    w.u8(11); w.table(table); w.array(charts) { $0.chart($1) }
    return true
  }

  static func decode(_ r: inout CacheReader) throws(CacheDecodingError) -> TableValue {
    let table = try r.table()
    return TableValue(
      table: table, charts: try r.array { r throws(CacheDecodingError) in try r.chart() })
  }
}

/// A chart value (`samples(...)`), drawn as it is.
extension Chart: ValueKind {
  var inlineText: String { title }
  func outputs(title: String?, timings: Bool) -> [CellOutput] { [.chart(self)] }
  func json(timings: Bool) -> JSON {
    .object([("kind", .string("chart")), ("title", .string(self.title))])
  }

  /// Tag 12, then the chart (`CacheWriter.chart`).
  func encode(into w: inout CacheWriter, reference: (NamedSplit) -> SplitReference?) -> Bool {
    w.u8(12); w.chart(self)
    return true
  }
}
