extension Heatmap {
  /// Square cells shaded by sqrt(value / max) (the `--heat` colour at that opacity), the value
  /// written in each cell in a colour that contrasts with its shade (`on-heat` above half
  /// intensity), row labels on the left, column labels below, both axis titles.
  func svg(title: String, description: String) -> Node {
    let rows = values.count
    let columns = max(values.map(\.count).max() ?? 0, columnLabels.count)
    let maxValue = values.flatMap { $0 }.filter(\.isFinite).max() ?? 0
    let rowLabelWidth = min(rowLabels.map { Canvas.textWidth($0) }.max() ?? 0, 140)
    let left = Canvas.padding + Canvas.fontSize + 10 + rowLabelWidth + 8
    let available = Canvas.width - left - 20
    let cell = min(56, available / Double(max(columns, 1)), 300 / Double(max(rows, 1)))
    let top = Canvas.padding + 4
    let plot = Canvas.Plot(
      left: left, top: top, right: left + cell * Double(columns),
      bottom: top + cell * Double(rows))
    let layout = Canvas.xLabelLayout(Array(columnLabels.prefix(columns)), spacing: cell)
    let height = plot.bottom + layout.height + 28

    var cells: [Node] = []
    for r in 0..<rows {
      for c in 0..<columns {
        let v = c < values[r].count ? values[r][c] : .nan
        // Shade by sqrt(v / max) so that small off-diagonal counts still show.
        let intensity = maxValue > 0 && v.isFinite ? max(0, min(1, v / maxValue)).squareRoot() : 0
        let x = plot.left + Double(c) * cell
        let y = plot.top + Double(r) * cell
        let rowName = r < rowLabels.count ? rowLabels[r] : String(r)
        let columnName = c < columnLabels.count ? columnLabels[c] : String(c)
        cells.append(
          .el(
            "rect",
            Canvas.box(x, y, cell, cell) + [
              .class("heat"), Attribute("fill-opacity", Format.fixed(intensity, decimals: 3)),
            ], [.el("title", text: "\(rowName) → \(columnName): \(Format.number(v))")]))
        guard v.isFinite else { continue }
        let label = Format.number(v)
        // Shrink the text to fit the cell; leave it out when even 8 units would not fit.
        let size = min(Canvas.fontSize, (cell - 4) / (Double(label.count) * 0.6))
        guard size >= 8 else { continue }
        var extra: [Attribute] = []
        if size < Canvas.fontSize { extra.append(Attribute("font-size", Canvas.n(size))) }
        cells.append(
          Canvas.text(
            label, x: x + cell / 2, y: y + cell / 2 + size * 0.35,
            cls: intensity > 0.5 ? "on-heat" : nil, extra: extra))
      }
    }
    var body: [Node] = [.el("g", [.class("cells")], cells)]
    body.append(Canvas.rect(plot.left, plot.top, plot.width, plot.height, cls: "heat-frame"))
    let rowStep = Ticks.thinned(count: rows, spacing: cell, widest: Canvas.fontSize, gap: 2)
    body.append(
      .el(
        "g", [.class("axis-y")],
        rowStep.map { r in
          Canvas.text(
            Canvas.truncated(r < rowLabels.count ? rowLabels[r] : String(r), 23),
            x: plot.left - 6, y: plot.top + (Double(r) + 0.5) * cell + 4, anchor: "end")
        } + [
          Canvas.text(
            rowAxisLabel, x: Canvas.padding + Canvas.fontSize, y: (plot.top + plot.bottom) / 2,
            cls: "axis-title",
            extra: [
              Attribute(
                "transform",
                "rotate(-90 \(Canvas.n(Canvas.padding + Canvas.fontSize))"
                  + " \(Canvas.n((plot.top + plot.bottom) / 2)))"
              )
            ])
        ]))
    let xTicks = (0..<columns).map {
      Canvas.Tick(
        position: plot.left + (Double($0) + 0.5) * cell,
        label: $0 < columnLabels.count ? columnLabels[$0] : String($0))
    }
    body.append(Canvas.xAxis(xTicks, plot: plot, label: columnAxisLabel, layout: layout))
    return Canvas.root(
      kind: "heatmap", title: title, description: description, height: height, body)
  }

}
