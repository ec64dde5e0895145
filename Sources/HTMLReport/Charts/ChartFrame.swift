extension Canvas {
  /// The frame of an x/y chart: the legend at the margin the y labels need (`legendWidth`
  /// wide; by default to 20 units from the right edge), then the plot area below it,
  /// `plotHeight` tall, from that margin to 20 units from the right edge.
  static func frame(
    yLabels: [String], legend items: [LegendItem], legendWidth: Double? = nil
  ) -> (legend: Node, plot: Plot) {
    let left = leftMargin(for: yLabels)
    let (node, legendHeight) = legend(
      items, x: left, y: padding, width: legendWidth ?? width - left - 20)
    let top = padding + legendHeight + 6
    return (node, Plot(left: left, top: top, right: width - 20, bottom: top + plotHeight))
  }

  /// The legend and both axes of an x/y chart, and its height: the plot, the x labels'
  /// `layout` and 28 units for the x axis title.
  static func axes(
    legend: Node, plot: Plot, y: [Tick], yLabel: String, x: [Tick], xLabel: String,
    layout: XLabelLayout
  ) -> (body: [Node], height: Double) {
    let body = [
      legend, yAxis(y, plot: plot, label: yLabel),
      xAxis(x, plot: plot, label: xLabel, layout: layout),
    ]
    return (body, plot.bottom + layout.height + 28)
  }
}
