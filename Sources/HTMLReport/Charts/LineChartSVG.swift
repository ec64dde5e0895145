extension LineChart {
  /// Draws the chart: nice y ticks with grid lines, x ticks by the axis scale, one path per
  /// series (broken at non-finite points), markers when asked for and not too dense, a legend.
  func svg(title: String, description: String) -> Node {
    let finite = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }

    // y: fixed domain or the data's range widened to nice ticks.
    let yValues = finite.map(\.y)
    let yScaleKind = Self.scaleKind(y.scale)
    let (yLo, yHi): (Double, Double) = {
      if let d = y.domain { return (d.lowerBound, d.upperBound) }
      let lo = yValues.min() ?? 0
      let hi = yValues.max() ?? 1
      if case .logarithmic = yScaleKind { return (lo, hi) }
      return Ticks.niceDomain(lo, hi)
    }()
    var yScale = Scale(kind: yScaleKind, domain: (yLo, yHi), range: (0, 0))
    let yTicks = yScale.ticks(count: 5)
    let yLabels = Self.labels(yTicks, kind: yScaleKind)

    let (legend, plot) = Canvas.frame(
      yLabels: yLabels,
      legend: series.enumerated().map {
        Canvas.LegendItem(name: $1.name, slot: Canvas.slot($0), swatch: .line)
      }, legendWidth: Canvas.width - 100)
    yScale.range = (plot.bottom, plot.top)

    // x: categorical bands, or a continuous scale over the data (or the fixed domain).
    let xPosition: (Double) -> Double
    var xTicks: [Canvas.Tick]
    var spacing: Double
    switch x.scale {
    case .categorical(let names):
      let bands = BandScale(
        count: names.count, start: plot.left, end: plot.right, paddingFraction: 0)
      xPosition = { bands.center(Int($0.rounded())) }
      xTicks = names.indices.map { Canvas.Tick(position: bands.center($0), label: names[$0]) }
      spacing = bands.step
    case .linear, .logarithmic:
      let kind = Self.scaleKind(x.scale)
      let xs = finite.map(\.x)
      let lo = x.domain?.lowerBound ?? xs.min() ?? 0
      let hi = x.domain?.upperBound ?? xs.max() ?? 1
      let xScale = Scale(kind: kind, domain: (lo, hi), range: (plot.left, plot.right))
      xPosition = { xScale($0) }
      let values = xScale.ticks(count: 6)
      let labels = Self.labels(values, kind: kind)
      xTicks = zip(values, labels).map { Canvas.Tick(position: xScale($0), label: $1) }
      spacing = xTicks.count > 1 ? abs(xTicks[1].position - xTicks[0].position) : plot.width
    }
    let axes = Canvas.axes(
      legend: legend, plot: plot,
      y: zip(yTicks, yLabels).map { Canvas.Tick(position: yScale($0), label: $1) },
      yLabel: y.label, x: xTicks, xLabel: x.label,
      layout: Canvas.xLabelLayout(xTicks.map(\.label), spacing: spacing))
    var body = axes.body
    for (index, s) in series.enumerated() {
      body.append(seriesNode(s, slot: Canvas.slot(index), x: xPosition, y: { yScale($0) }))
    }
    return Canvas.root(
      kind: "line", title: title, description: description, height: axes.height, body)
  }

  private func seriesNode(
    _ s: Series, slot: String, x: (Double) -> Double, y: (Double) -> Double
  ) -> Node {
    var d = ""
    var penDown = false
    var markerNodes: [Node] = []
    let showMarkers = markers && s.points.count <= 40
    for p in s.points {
      guard p.x.isFinite, p.y.isFinite else {
        penDown = false
        continue
      }
      let px = Canvas.n(x(p.x))
      let py = Canvas.n(y(p.y))
      d += (d.isEmpty ? "" : " ") + (penDown ? "L" : "M") + px + " " + py
      penDown = true
      if showMarkers {
        markerNodes.append(
          .el(
            "circle", [Attribute("cx", px), Attribute("cy", py), Attribute("r", "3")],
            [.el("title", text: "\(s.name): \(Format.number(p.x)), \(Format.number(p.y))")]))
      }
    }
    var children: [Node] = []
    if !d.isEmpty { children.append(.el("path", [Attribute("d", d), .class("line")])) }
    if !markerNodes.isEmpty { children.append(.el("g", [.class("markers")], markerNodes)) }
    return .el("g", [.class("series \(slot)")], children)
  }

  static func scaleKind(_ scale: AxisScale) -> Scale.Kind {
    if case .logarithmic(let base) = scale { return .logarithmic(base: base) }
    return .linear
  }

  static func labels(_ values: [Double], kind: Scale.Kind) -> [String] {
    if case .logarithmic = kind { return values.map { Format.number($0) } }
    return Ticks.labels(values)
  }
}
