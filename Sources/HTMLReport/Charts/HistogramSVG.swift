extension Histogram {
  /// Bars over equal bins with a linear x axis at nice ticks, counts on the y axis, and
  /// each marker (a quantization level) as a vertical line over the bars.
  func svg(title: String, description: String) -> Node {
    let maxCount = Double(bins.counts.max() ?? 0)
    var yScale = Scale(domain: Ticks.niceDomain(0, max(maxCount, 1)), range: (0, 0))
    let yTicks = yScale.ticks(count: 5).filter { $0 == $0.rounded() }
    let yLabels = yTicks.map { Format.number($0) }
    let legendItems =
      markers.isEmpty
      ? [] : [Canvas.LegendItem(name: markerName ?? "markers", slot: "s0", swatch: .rule)]
    let (legend, plot) = Canvas.frame(yLabels: yLabels, legend: legendItems)
    yScale.range = (plot.bottom, plot.top)
    let lo = x.domain?.lowerBound ?? min(bins.lowerBound, markers.min() ?? bins.lowerBound)
    let hi = x.domain?.upperBound ?? max(bins.upperBound, markers.max() ?? bins.upperBound)
    let xScale = Scale(domain: (lo, hi), range: (plot.left, plot.right))
    let xValues = xScale.ticks(count: 6)
    let xTicks = zip(xValues, Ticks.labels(xValues)).map {
      Canvas.Tick(position: xScale($0), label: $1)
    }
    let spacing = xTicks.count > 1 ? xTicks[1].position - xTicks[0].position : plot.width
    let axes = Canvas.axes(
      legend: legend, plot: plot,
      y: zip(yTicks, yLabels).map { Canvas.Tick(position: yScale($0), label: $1) },
      yLabel: yLabel, x: xTicks, xLabel: x.label,
      layout: Canvas.xLabelLayout(xTicks.map(\.label), spacing: spacing))
    var body = axes.body
    var bars: [Node] = []
    for (i, count) in bins.counts.enumerated() where count > 0 {
      let x0 = xScale(bins.lowerBound + Double(i) * bins.width)
      let x1 = xScale(bins.lowerBound + Double(i + 1) * bins.width)
      let y = yScale(Double(count))
      bars.append(
        .el(
          "rect", Canvas.box(x0, y, max(x1 - x0 - 0.5, 0.5), plot.bottom - y) + [.class("bar")]))
    }
    body.append(.el("g", [.class("series s0")], bars))
    let shown = markers.filter { $0 >= lo && $0 <= hi }.sorted()
    if !shown.isEmpty {
      // Levels closer than 5 units (8 bits: 255 levels) would hide the bars as full-height
      // lines: draw them as a rug of short ticks along the bottom instead.
      let gaps = zip(shown.dropFirst(), shown).map { xScale($0) - xScale($1) }
      let dense = (gaps.min() ?? .infinity) < 5
      let top = dense ? plot.bottom - 8 : plot.top
      body.append(
        .el(
          "g", [.class(dense ? "markers-overlay rug" : "markers-overlay")],
          shown.map { Canvas.line(xScale($0), top, xScale($0), plot.bottom, cls: "marker-line") }))
    }
    return Canvas.root(
      kind: "histogram", title: title, description: description, height: axes.height, body)
  }
}
