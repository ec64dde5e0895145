#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Shared geometry and SVG pieces of every chart: the root element, the legend, the axes.
/// Sizes are SVG user units; the page scales the whole drawing through its `viewBox`.
enum Canvas {
  static let width = 640.0
  static let plotHeight = 240.0
  static let fontSize = 12.0
  static let padding = 10.0

  /// Estimated width of `text` in the chart font: 0.6 em per character, a deliberate
  /// over-estimate for system sans-serif fonts so thinned labels never touch.
  static func textWidth(_ text: String, size: Double = fontSize) -> Double {
    Double(text.count) * size * 0.6
  }

  /// A coordinate for an SVG attribute: rounded to 0.1 unit, without a trailing `.0`.
  static func n(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let tenths = (value * 10).rounded()
    let whole = Int(tenths) / 10
    let fraction = abs(Int(tenths) % 10)
    let sign = tenths < 0 && whole == 0 ? "-" : ""
    return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
  }

  /// `<svg>` with `viewBox`, `role="img"`, and `<title>` and `<desc>` as its first children.
  static func root(
    kind: String, title: String, description: String, height: Double, width: Double = width,
    _ children: [Node]
  ) -> Node {
    .el(
      "svg",
      [
        Attribute("xmlns", "http://www.w3.org/2000/svg"),
        .class("chart chart-\(kind)"),
        Attribute("viewBox", "0 0 \(n(width)) \(n(height))"),
        Attribute("role", "img"),
      ],
      [.el("title", text: title), .el("desc", text: description)] + children)
  }

  static func text(
    _ string: String, x: Double, y: Double, anchor: String = "middle", cls: String? = nil,
    extra: [Attribute] = []
  ) -> Node {
    var attributes = [Attribute("x", n(x)), Attribute("y", n(y))]
    if anchor != "start" { attributes.append(Attribute("text-anchor", anchor)) }
    if let cls { attributes.append(.class(cls)) }
    return .el("text", attributes + extra, text: string)
  }

  static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cls: String) -> Node {
    .el(
      "line",
      [
        Attribute("x1", n(x1)), Attribute("y1", n(y1)), Attribute("x2", n(x2)),
        Attribute("y2", n(y2)), .class(cls),
      ])
  }

  static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, cls: String) -> Node {
    .el("rect", box(x, y, max(w, 0), max(h, 0)) + [.class(cls)])
  }

  /// `x`, `y`, `width` and `height` attributes of a `rect` or `image`, in that order.
  static func box(_ x: Double, _ y: Double, _ w: Double, _ h: Double) -> [Attribute] {
    [
      Attribute("x", n(x)), Attribute("y", n(y)), Attribute("width", n(w)),
      Attribute("height", n(h)),
    ]
  }

  /// One legend entry: its name, the palette slot (`s0`...`s7`), and the swatch shape.
  struct LegendItem {
    enum Swatch { case line, box, rule }
    var name: String
    var slot: String
    var swatch: Swatch
  }

  /// A legend laid out left to right from `(x, y)`, wrapping inside `width`.
  /// Returns the group and its height (0 when there is nothing to show).
  static func legend(_ items: [LegendItem], x: Double, y: Double, width: Double) -> (Node, Double) {
    guard !items.isEmpty else { return (.empty, 0) }
    let rowHeight = 18.0
    var cx = x
    var cy = y
    var children: [Node] = []
    for item in items {
      let itemWidth = 22 + textWidth(item.name) + 14
      if cx > x, cx + itemWidth > x + width {
        cx = x
        cy += rowHeight
      }
      let mid = cy + rowHeight / 2
      let swatch: Node
      switch item.swatch {
      case .line: swatch = line(cx, mid, cx + 16, mid, cls: "swatch-line")
      case .box: swatch = rect(cx + 2, mid - 6, 12, 12, cls: "swatch-box")
      case .rule: swatch = line(cx + 8, mid - 7, cx + 8, mid + 7, cls: "marker-line")
      }
      children.append(
        .el(
          "g", [.class("legend-item \(item.slot)")],
          [swatch, text(item.name, x: cx + 22, y: mid + 4, anchor: "start")]))
      cx += itemWidth
    }
    return (.el("g", [.class("legend")], children), cy + rowHeight - y + 6)
  }

  /// Tick positions with their labels.
  struct Tick {
    var position: Double
    var label: String
  }

  /// Horizontal grid lines, tick labels right-aligned left of the plot, and the axis title
  /// written vertically at the left edge. Labels are thinned so they never overlap.
  static func yAxis(_ ticks: [Tick], plot: Plot, label: String, grid: Bool = true) -> Node {
    var children: [Node] = []
    let spacing = ticks.count > 1 ? abs(ticks[1].position - ticks[0].position) : .infinity
    let keep = Set(Ticks.thinned(count: ticks.count, spacing: spacing, widest: fontSize, gap: 4))
    for (i, tick) in ticks.enumerated() {
      if grid {
        children.append(line(plot.left, tick.position, plot.right, tick.position, cls: "grid"))
      }
      if keep.contains(i) {
        children.append(text(tick.label, x: plot.left - 6, y: tick.position + 4, anchor: "end"))
      }
    }
    let midY = (plot.top + plot.bottom) / 2
    children.append(
      text(
        label, x: padding + fontSize, y: midY, cls: "axis-title",
        extra: [Attribute("transform", "rotate(-90 \(n(padding + fontSize)) \(n(midY)))")]))
    children.append(line(plot.left, plot.top, plot.left, plot.bottom, cls: "axis"))
    return .el("g", [.class("axis-y")], children)
  }

  /// How x tick labels are drawn: upright or slanted, and which are kept.
  struct XLabelLayout {
    var slanted: Bool
    var keep: [Int]
    /// Vertical room the labels need below the plot.
    var height: Double
  }

  /// Slanted labels are cut to this many characters.
  static let slantedLimit = 18
  static let slant = 40 * Double.pi / 180

  /// Chooses upright labels when they fit side by side, else labels slanted by 40 degrees
  /// (cut to ``slantedLimit`` characters); then keeps every k-th label so neighbours never
  /// overlap.
  static func xLabelLayout(_ labels: [String], spacing: Double) -> XLabelLayout {
    let widest = labels.map { textWidth($0) }.max() ?? 0
    if widest + 6 <= spacing || labels.count <= 1 {
      return XLabelLayout(slanted: false, keep: Array(labels.indices), height: fontSize + 8)
    }
    // Slanted text needs only its line height (projected) along the axis.
    let alongAxis = fontSize * 1.3 / sin(slant)
    let keep = Ticks.thinned(count: labels.count, spacing: spacing, widest: alongAxis, gap: 2)
    let longest = labels.map { textWidth(truncated($0, slantedLimit)) }.max() ?? 0
    return XLabelLayout(slanted: true, keep: keep, height: longest * sin(slant) + fontSize + 8)
  }

  /// Tick marks and labels under the plot and the axis title below them. A slanted label
  /// that would run past the left edge of the drawing is cut shorter.
  static func xAxis(_ ticks: [Tick], plot: Plot, label: String, layout: XLabelLayout) -> Node {
    var children: [Node] = [line(plot.left, plot.bottom, plot.right, plot.bottom, cls: "axis")]
    for i in layout.keep where i < ticks.count {
      let tick = ticks[i]
      children.append(line(tick.position, plot.bottom, tick.position, plot.bottom + 4, cls: "axis"))
      if layout.slanted {
        let y = plot.bottom + 14
        let room = Int((tick.position - 2) / (fontSize * 0.6 * cos(slant)))
        children.append(
          text(
            truncated(tick.label, max(2, min(slantedLimit, room))), x: tick.position, y: y,
            anchor: "end",
            extra: [Attribute("transform", "rotate(-40 \(n(tick.position)) \(n(y)))")]))
      } else {
        children.append(text(tick.label, x: tick.position, y: plot.bottom + 17))
      }
    }
    children.append(
      text(
        label, x: (plot.left + plot.right) / 2, y: plot.bottom + layout.height + 16,
        cls: "axis-title"))
    return .el("g", [.class("axis-x")], children)
  }

  /// `text` cut to `limit` characters with a trailing ellipsis.
  static func truncated(_ text: String, _ limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
  }

  /// The plotting rectangle.
  struct Plot {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double
    var width: Double { right - left }
    var height: Double { bottom - top }
  }

  /// Left margin that fits the widest y tick label and the vertical axis title.
  static func leftMargin(for labels: [String]) -> Double {
    padding + fontSize + 10 + (labels.map { textWidth($0) }.max() ?? 0) + 8
  }

  /// The palette slot of series i: `s0`...`s7`, cycling.
  static func slot(_ i: Int) -> String { "s\(i % 8)" }
}
