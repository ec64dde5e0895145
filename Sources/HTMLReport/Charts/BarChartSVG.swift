extension BarChart {
  /// Vertical bars from zero, one band per category, one sub-band per series;
  /// a legend when there is more than one series; category labels slanted or thinned when
  /// they do not fit; the value of each bar in its `<title>`.
  func svg(title: String, description: String) -> Node {
    let values = series.flatMap(\.values).filter(\.isFinite)
    let (lo, hi): (Double, Double) = {
      if let d = value.domain { return (d.lowerBound, d.upperBound) }
      return Ticks.niceDomain(min(0, values.min() ?? 0), max(0, values.max() ?? 1))
    }()
    var scale = Scale(domain: (lo, hi), range: (0, 0))
    let ticks = scale.ticks(count: 5)
    let labels = Ticks.labels(ticks)
    let legendItems =
      series.count > 1
      ? series.enumerated().map {
        Canvas.LegendItem(name: $1.name, slot: Canvas.slot($0), swatch: .box)
      } : []
    let (legend, plot) = Canvas.frame(yLabels: labels, legend: legendItems)
    scale.range = (plot.bottom, plot.top)
    let bands = BandScale(count: categories.count, start: plot.left, end: plot.right)
    let xTicks = categories.indices.map {
      Canvas.Tick(position: bands.center($0), label: categories[$0])
    }
    let axes = Canvas.axes(
      legend: legend, plot: plot,
      y: zip(ticks, labels).map { Canvas.Tick(position: scale($0), label: $1) },
      yLabel: value.label, x: xTicks, xLabel: categoryLabel,
      layout: Canvas.xLabelLayout(categories, spacing: bands.step))
    var body = axes.body
    let zero = scale(min(max(0, lo), hi))
    let subWidth = bands.bandwidth / Double(max(series.count, 1))
    for (s, item) in series.enumerated() {
      var bars: [Node] = []
      for (c, v) in item.values.enumerated() where c < categories.count && v.isFinite {
        let y = scale(min(max(v, lo), hi))
        let x = bands.bandStart(c) + Double(s) * subWidth
        bars.append(
          .el(
            "rect",
            Canvas.box(
              x, min(y, zero), max(subWidth - (series.count > 1 ? 1 : 0), 0.5), abs(zero - y))
              + [.class("bar")],
            [.el("title", text: "\(categories[c]) · \(item.name): \(Format.number(v))")]))
      }
      body.append(.el("g", [.class("series \(Canvas.slot(s))")], bars))
    }
    if lo < 0 { body.append(Canvas.line(plot.left, zero, plot.right, zero, cls: "zero")) }
    return Canvas.root(
      kind: "bar", title: title, description: description, height: axes.height, body)
  }
}
