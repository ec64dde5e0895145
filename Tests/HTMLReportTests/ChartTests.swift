import Foundation
import HTMLEscaping
import Testing

@testable import HTMLReport

func count(_ needle: String, in haystack: String) -> Int {
  haystack.components(separatedBy: needle).count - 1
}

@Suite struct ChartTests {
  static let all: [Chart] = [
    Fixtures.lineChart, Fixtures.barChart, Fixtures.histogram, Fixtures.heatmap,
    Fixtures.imageGrid,
  ]

  @Test(arguments: all)
  func everyChartIsAnAccessibleScalableSVG(chart: Chart) {
    let svg = chart.svg().render()
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-"))
    #expect(svg.contains("role=\"img\""))
    #expect(svg.contains("viewBox=\"0 0 640 "))
    #expect(svg.contains("<title>\(escapeText(chart.title))</title>\n<desc>"))
    #expect(count("<desc>", in: svg) == 1)
    #expect(!svg.contains("width=\"-") && !svg.contains("height=\"-"))
    #expect(!svg.contains("NaN") && !svg.contains("inf"))
    #expect(chart.svg().render() == svg, "deterministic")
  }

  @Test func lineChartHasOneGroupPerSeriesAndALegend() {
    let svg = Fixtures.lineChart.svg().render()
    #expect(count("class=\"series s", in: svg) == 2)
    #expect(count("class=\"legend-item", in: svg) == 2)
    #expect(count("<path d=\"M", in: svg) == 2)
    #expect(count("<circle", in: svg) == 10)
    for label in ["8", "6", "4", "3", "2", "0.0", "1.0", "weight bits", "accuracy"] {
      #expect(svg.contains(">\(label)</text>"), "missing label \(label)")
    }
  }

  @Test func nonFinitePointsBreakTheLine() {
    let chart = Chart.line(
      title: "t", description: "d", x: Axis("x"), y: Axis("y"),
      series: [.init("a", x: [0, 1, 2, 3], y: [1, .nan, 2, 3])])
    let svg = chart.svg().render()
    #expect(svg.contains("<path d=\"M") && count(" M", in: svg) == 1)
    #expect(count("<circle", in: svg) == 3)
  }

  @Test func logAxisPlacesPowersEvenly() {
    let chart = Chart.line(
      title: "t", description: "d", x: Axis("bits", scale: .logarithmic(base: 2)),
      y: Axis("y"), series: [.init("a", x: [2, 4, 8], y: [1, 2, 3])])
    let svg = chart.svg().render()
    for label in ["2", "4", "8"] { #expect(svg.contains(">\(label)</text>")) }
  }

  @Test func groupedBarsOnePerCategoryPerSeries() {
    let svg = Fixtures.barChart.svg().render()
    #expect(count("class=\"bar\"", in: svg) == 8)
    #expect(count("class=\"legend-item", in: svg) == 2)
    #expect(svg.contains("<title>dense_1 · int4: 16.20</title>"))
  }

  @Test func singleSeriesBarsHaveNoLegendAndNegativeBarsHaveAZeroLine() {
    let chart = Chart.bar(
      title: "t", description: "d", categories: ["a", "b"], categoryLabel: "c",
      value: Axis("v"), series: [.init("s", [-3, 5])])
    let svg = chart.svg().render()
    #expect(!svg.contains("legend-item"))
    #expect(svg.contains("class=\"zero\""))
    #expect(svg.contains(">-4</text>") || svg.contains(">-5</text>"))
  }

  /// Many long category labels: the labels kept, slanted, must be apart by at least their
  /// line height along the axis.
  @Test func manyCategoryLabelsAreThinnedOrSlanted() {
    let names = (0..<40).map { "conv2d_block_\($0)" }
    let chart = Chart.bar(
      title: "t", description: "d", categories: names, categoryLabel: "layer",
      value: Axis("SQNR"), series: [.init("s", names.indices.map(Double.init))])
    let svg = chart.svg().render()
    #expect(svg.contains("rotate(-40"))
    let shown = count("rotate(-40", in: svg)
    #expect(shown < names.count && shown >= 10)
    let spacing = (640.0 - Canvas.leftMargin(for: ["40"]) - 20) / 40
    let kept = Ticks.thinned(count: 40, spacing: spacing, widest: 12 * 1.3 / 0.6428, gap: 2)
    #expect(kept.count == shown)
    // Slanted labels are cut to 18 characters, and shorter near the left edge.
    #expect(svg.contains(">conv2d_block_38</text>") && !svg.contains(">conv2d_block_0</text>"))
  }

  @Test func histogramBarsAndLevelLines() {
    let svg = Fixtures.histogram.svg().render()
    #expect(count("class=\"bar\"", in: svg) == 7)  // one empty bin is not drawn
    #expect(count("class=\"marker-line\"", in: svg) == 8)  // 7 levels + the legend swatch
    #expect(svg.contains(">3-bit levels</text>"))
  }

  @Test func binning() {
    let bins = Histogram.Bins.binning([0, 0.5, 1, 1, 2, .nan], count: 2)
    #expect(bins.lowerBound == 0 && bins.width == 1)
    #expect(bins.counts == [2, 3])
    let constant = Histogram.Bins.binning([3, 3], count: 4)
    #expect(constant.counts.reduce(0, +) == 2)
  }

  @Test func heatmapCellsCountsAndContrast() {
    let svg = Fixtures.heatmap.svg().render()
    #expect(count("class=\"heat\"", in: svg) == 9)
    #expect(svg.contains(">1,234</text>"))
    #expect(count("class=\"on-heat\"", in: svg) == 1)  // only the largest cell is dark enough
    #expect(svg.contains(">&lt;bird&gt;</text>"))
  }

  @Test func imageGridEmbedsDecodablePNGs() throws {
    let svg = Fixtures.imageGrid.svg().render()
    #expect(count("<image ", in: svg) == 2)
    let marker = "href=\"data:image/png;base64,"
    let start = try #require(svg.range(of: marker)).upperBound
    let end = try #require(svg[start...].firstIndex(of: "\""))
    let decoded = try DecodedPNG(try #require(decodeBase64(String(svg[start..<end]))))
    #expect(decoded.pixels == [0, 85, 170, 255])
  }
}

func decodeBase64(_ text: String) -> [UInt8]? {
  let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
  var out: [UInt8] = []
  var buffer: UInt32 = 0
  var bits = 0
  for c in text.utf8 where c != UInt8(ascii: "=") {
    guard let v = alphabet.firstIndex(of: c) else { return nil }
    buffer = buffer << 6 | UInt32(v)
    bits += 6
    if bits >= 8 {
      bits -= 8
      out.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
    }
  }
  return out
}
