/// One cell output on its own, for formats other than the page (a Jupyter notebook's
/// `display_data`): the same HTML the page shows, the chart's SVG, and a plain-text form.
extension CellOutput {
  /// The output's HTML fragment, exactly as the report page draws it (classes included).
  public var html: String { OutputView.node(self).render() }

  /// The chart as a standalone `<svg>` document, or nil for other outputs.
  public var svg: String? {
    guard case .chart(let chart) = self else { return nil }
    return chart.svg().render()
  }

  /// A plain-text form: tables as tab-separated rows under their header, metrics as
  /// `name: value` lines, text as is, a chart by its title, a claim by its verdict, sentence
  /// and figures, an error as `error: message`.
  public var plainText: String {
    switch self {
    case .table(let table), .modelSummary(let table):
      var lines: [String] = []
      if let caption = table.caption { lines.append(caption) }
      lines.append(table.columns.map(\.header).joined(separator: "\t"))
      lines += table.rows.map { $0.joined(separator: "\t") }
      return lines.joined(separator: "\n")
    case .chart(let chart):
      return "[chart] " + chart.title
    case .metrics(let list):
      let lines = list.metrics.map { "\($0.name): \($0.value)" }
      return ((list.title.map { [$0] } ?? []) + lines).joined(separator: "\n")
    case .text(let block):
      return ((block.title.map { [$0] } ?? []) + [block.text]).joined(separator: "\n")
    case .claim(let claim):
      let lines = [
        "\(claim.held ? "✓" : "✗") \(claim.verdict): \(claim.sentence)",
        "\(claim.left) \(claim.op) \(claim.right)",
      ]
      return (lines + (claim.detail.map { [$0] } ?? [])).joined(separator: "\n")
    case .error(let error):
      let location = error.locationText.map { $0 + ": " } ?? ""
      return location + "error: " + error.message
    }
  }
}
