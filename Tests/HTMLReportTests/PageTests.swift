import Foundation
import Testing

@testable import HTMLReport

@Suite struct PageTests {
  @Test func smallReportSnapshot() {
    expectSnapshot(renderPage(Fixtures.smallReport), named: "small-report.html")
  }

  @Test func chartsSnapshot() {
    let svg = ChartTests.all.map { $0.svg().render() }.joined(separator: "\n")
    expectSnapshot(svg, named: "charts.svg.html")
  }

  @Test func indexSnapshot() {
    expectSnapshot(renderIndex(Fixtures.index), named: "index.html")
  }

  @Test func sameInputSameBytes() {
    #expect(renderPage(Fixtures.chartReport) == renderPage(Fixtures.chartReport))
  }

  @Test func pageStructure() {
    let html = renderPage(Fixtures.smallReport)
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    #expect(html.contains("<meta name=\"color-scheme\" content=\"light dark\">"))
    #expect(html.contains("prefers-color-scheme:dark") && html.contains("@media print"))
    #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
    #expect(html.contains("<a href=\"#setup\">Setup</a>"))
    #expect(html.contains("<details open class=\"source\">"))
    #expect(html.contains("<span class=\"tok-step\">quantize</span>"))
    #expect(html.contains("<th class=\"num\" scope=\"col\">bits</th>"))
    #expect(html.contains("<span class=\"status status-failed\">failed</span>"))
    #expect(html.contains("1 min 23 s"))
    #expect(html.contains("id=\"cell-acc\"") && html.contains("id=\"cell-2\""))
  }

  @Test func errorShowsLocationSourceAndCaret() {
    let html = renderPage(Fixtures.smallReport)
    #expect(
      html.contains(
        "notebooks/02.md:20:22:</span> <strong>error:</strong> unknown name &#39;tset&#39;")
        || html.contains(
          "notebooks/02.md:20:22:</span> <strong>error:</strong> unknown name 'tset'")
    )
    #expect(html.contains("20 | evaluate(q, on: data.tset)\n   |                      ^~~~"))
    #expect(html.contains("<strong>hint:</strong> did you mean 'test'?"))
  }

  @Test func echoOffHidesSource() {
    let html = renderPage(Fixtures.smallReport)
    #expect(!html.contains("(q, on: data.tset)</code>"))
    #expect(html.contains("<p class=\"cell-head\">"))
  }

  @Test func duplicateIDsAreMadeUnique() {
    let cell = CodeCell(label: "bits", source: [CodeSpan("x")])
    let report = Report(
      title: "t", tableOfContents: [TOCEntry(level: 1, text: "t", id: "cell-bits")],
      sections: [.cell(cell), .cell(cell)])
    let html = renderPage(report)
    #expect(html.contains("id=\"cell-bits-2\"") && html.contains("id=\"cell-bits-3\""))
  }

  /// Hostile text in every place a caller can put text: nothing reaches the page unescaped.
  @Test func everyTextIsEscaped() {
    let h = Fixtures.hostile
    let chart = Chart.line(
      title: h, description: h, x: Axis(h, scale: .categorical([h, "b"])),
      y: Axis(h), series: [.init(h, x: [0, 1], y: [1, 2])])
    let report = Report(
      title: h,
      metadata: ReportMetadata(
        date: h, quantbookVersion: h, parameters: [KeyValue(h, h)],
        datasetChecksums: [KeyValue(h, h)], cpuFeatures: [h], cacheInfo: h,
        sourcePath: h, extra: [KeyValue(h, h)]),
      tableOfContents: [TOCEntry(level: 2, text: h, id: h)],
      sections: [
        .cell(
          CodeCell(
            caption: h, label: h, source: [CodeSpan(h, .string), CodeSpan(h)], location: h,
            outputs: [
              .table(Table(caption: h, columns: [.init(h)], rows: [[h]])),
              .modelSummary(Table(columns: [.init(h, .numeric)], rows: [[h, h]])),
              .metrics(MetricList(title: h, [Metric(h, h)])), .text(TextBlock(title: h, h)),
              .error(CellError(message: h, file: h, line: 1, column: 2, sourceLine: h, hint: h)),
              .chart(chart),
              .chart(
                .bar(
                  title: h, description: h, categories: [h], categoryLabel: h, value: Axis(h),
                  series: [.init(h, [1]), .init(h, [2])])),
              .chart(
                .histogram(
                  title: h, description: h, bins: .init(lowerBound: 0, width: 1, counts: [1]),
                  x: Axis(h), yLabel: h, markers: [0.5], markerName: h)),
              .chart(
                .heatmap(
                  title: h, description: h, rowLabels: [h], columnLabels: [h], rowAxisLabel: h,
                  columnAxisLabel: h, values: [[1]])),
              .chart(
                .imageGrid(
                  title: h, description: h,
                  images: [GrayImage(width: 1, height: 1, pixels: [0], label: h)])),
            ]))
      ])
    let html = renderPage(report)
    #expect(!html.contains("<script"))
    // In attributes the quotes are escaped too (text content needs only & < >).
    #expect(
      html.contains(
        "aria-label=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;\""))
    #expect(html.contains("<text x=") && !html.contains(">alert(\"x\")<"))
    #expect(!html.contains("& '"))  // a bare ampersand never survives
    let index = renderIndex(
      ReportIndex(
        title: h, subtitle: h,
        entries: [
          .init(title: h, href: h, status: .ok, headlines: [KeyValue(h, h)])
        ]))
    #expect(!index.contains("<script") && !index.contains("& '"))
  }

  @Test func proseIsTrustedRaw() {
    let report = Report(title: "t", sections: [.prose(trustedHTML: "<p>a <em>b</em></p>")])
    #expect(renderPage(report).contains("<div class=\"prose\"><p>a <em>b</em></p></div>"))
  }

  @Test func statusFollowsErrors() {
    #expect(Report(title: "t").status == .ok)
    #expect(Fixtures.smallReport.status == .failed)
  }

  @Test func indexLinksArePercentEncoded() {
    let index = ReportIndex(entries: [
      .init(title: "Mine", href: "my notebook #1.html", status: .ok),
      .init(title: "Odd", href: "a/50%?é.html", status: .ok),
    ])
    let html = renderIndex(index)
    #expect(html.contains("<a href=\"my%20notebook%20%231.html\">Mine</a>"))
    #expect(html.contains("<a href=\"a/50%25%3F%C3%A9.html\">Odd</a>"))
    #expect(percentEncodedPath("01-intro_v2.~x.html") == "01-intro_v2.~x.html")
  }

  @Test func indexListsEveryReport() {
    let html = renderIndex(Fixtures.index)
    #expect(html.contains("<a href=\"01-intro.html\">Intro</a>"))
    #expect(html.contains("<td class=\"status-failed\">failed</td>"))
    #expect(html.contains("2 reports, 1 failed."))
    #expect(html.contains("<span class=\"headline-name\">accuracy</span> <strong>91.2%</strong>"))
  }

  /// Writes the sample reports to `QUANTBOOK_REPORT_SAMPLE_DIR` when set (for
  /// scripts/check-reports.sh and screenshots); does nothing otherwise.
  @Test func writeSamplesWhenAsked() throws {
    guard let dir = ProcessInfo.processInfo.environment["QUANTBOOK_REPORT_SAMPLE_DIR"] else {
      return
    }
    let folder = URL(fileURLWithPath: dir)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try renderPage(Fixtures.chartReport).write(
      to: folder.appendingPathComponent("charts.html"), atomically: true, encoding: .utf8)
    try renderPage(Fixtures.smallReport).write(
      to: folder.appendingPathComponent("small.html"), atomically: true, encoding: .utf8)
    try renderIndex(Fixtures.index).write(
      to: folder.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
  }
}

extension Fixtures {
  static var index: ReportIndex {
    ReportIndex(
      subtitle: "Run of 2026-01-02",
      entries: [
        .init(
          title: "Intro", href: "01-intro.html", status: .ok, duration: .seconds(42),
          headlines: [KeyValue("accuracy", "91.2%"), KeyValue("int8 size", "1.2 MB")]),
        .init(
          title: "Bits & accuracy", href: "02-bits.html", status: .failed,
          duration: .milliseconds(830)),
      ])
  }
}

@Suite struct DegenerateChartTests {
  static let charts: [Chart] = [
    .line(title: "empty", description: "d", x: Axis("x"), y: Axis("y"), series: []),
    .line(
      title: "one point", description: "d", x: Axis("x", scale: .logarithmic(base: 10)),
      y: Axis("y", scale: .logarithmic(base: 10)), series: [.init("a", x: [0], y: [-1])]),
    .line(
      title: "non-finite x", description: "d", x: Axis("x"), y: Axis("y"),
      series: [.init("a", x: [.nan, .infinity], y: [1, 2])]),
    .bar(
      title: "no categories", description: "d", categories: [], categoryLabel: "c",
      value: Axis("v"), series: [.init("s", [1, 2])]),
    .histogram(
      title: "no bins", description: "d", bins: .init(lowerBound: 0, width: 0, counts: []),
      x: Axis("x")),
    .heatmap(
      title: "empty", description: "d", rowLabels: [], columnLabels: [], rowAxisLabel: "r",
      columnAxisLabel: "c", values: []),
    .imageGrid(
      title: "bad image", description: "d",
      images: [GrayImage(width: 3, height: 3, pixels: [1], label: "bad")]),
  ]

  @Test(arguments: charts)
  func degenerateInputStillDrawsAFiniteChart(chart: Chart) {
    let svg = chart.svg().render()
    #expect(svg.contains("<title>\(chart.title)</title>"))
    #expect(!svg.contains("NaN") && !svg.contains("inf") && !svg.contains("=\"-inf"))
    #expect(!svg.contains("width=\"-") && !svg.contains("height=\"-"))
  }
}
