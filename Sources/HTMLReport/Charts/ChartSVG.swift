extension Chart {
  /// The chart as an inline `<svg>` node: `role="img"`, `<title>` and `<desc>` first,
  /// sized by `viewBox`, coloured by the page's CSS custom properties.
  public func svg() -> Node {
    switch kind {
    case .line(let chart): return chart.svg(title: title, description: description)
    case .bar(let chart): return chart.svg(title: title, description: description)
    case .histogram(let chart): return chart.svg(title: title, description: description)
    case .heatmap(let chart): return chart.svg(title: title, description: description)
    case .imageGrid(let chart): return chart.svg(title: title, description: description)
    }
  }
}
