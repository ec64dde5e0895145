import HTMLReport

/// Small fixed reports and charts shared by the tests.
enum Fixtures {
  static let hostile = "<script>alert(\"x\")</script> & 'quotes'"

  static var sampleSource: [CodeSpan] {
    [
      CodeSpan("#| caption: Accuracy against bits", .option), CodeSpan("\n"),
      CodeSpan("for", .keyword), CodeSpan(" "), CodeSpan("bits", .identifier), CodeSpan(" "),
      CodeSpan("in", .keyword), CodeSpan(" ["), CodeSpan("8", .number), CodeSpan(", "),
      CodeSpan("4", .number), CodeSpan("] {\n  "), CodeSpan("q", .identifier), CodeSpan(" "),
      CodeSpan("=", .operator), CodeSpan(" "), CodeSpan("quantize", .step), CodeSpan("("),
      CodeSpan("net", .identifier), CodeSpan(", bits: "), CodeSpan("bits", .identifier),
      CodeSpan(", scheme: "), CodeSpan("symmetric", .enum), CodeSpan(")  "),
      CodeSpan("# per channel", .comment), CodeSpan("\n}"),
    ]
  }

  static var lineChart: Chart {
    .line(
      title: "Test accuracy against weight bits", description: "Accuracy falls below 4 bits.",
      x: Axis("weight bits", scale: .categorical(["8", "6", "4", "3", "2"])),
      y: Axis("accuracy", domain: 0...1),
      series: [
        .init("per channel", x: [0, 1, 2, 3, 4], y: [0.912, 0.91, 0.897, 0.85, 0.41]),
        .init("per tensor", x: [0, 1, 2, 3, 4], y: [0.911, 0.905, 0.86, 0.71, 0.12]),
      ])
  }

  static var barChart: Chart {
    .bar(
      title: "SQNR per layer", description: "Signal-to-quantization-noise ratio of each layer.",
      categories: ["conv2d_1", "conv2d_2", "dense_1", "dense_2"], categoryLabel: "layer",
      value: Axis("SQNR (dB)"),
      series: [.init("int8", [38.2, 36.9, 40.1, 41.3]), .init("int4", [14.0, 12.5, 16.2, 17.9])])
  }

  static var histogram: Chart {
    .histogram(
      title: "Weights of conv2d_1", description: "Weight distribution with the 3-bit levels.",
      bins: .init(lowerBound: -0.4, width: 0.1, counts: [2, 10, 40, 55, 30, 8, 1, 0]),
      x: Axis("weight"), markers: [-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3], markerName: "3-bit levels")
  }

  static var heatmap: Chart {
    .heatmap(
      title: "Confusion matrix", description: "Counts of true against predicted classes.",
      rowLabels: ["cat", "dog", "<bird>"], columnLabels: ["cat", "dog", "<bird>"],
      rowAxisLabel: "true class", columnAxisLabel: "predicted class",
      values: [[50, 3, 0], [7, 41, 2], [0, 1, 1234]])
  }

  static var imageGrid: Chart {
    .imageGrid(
      title: "Samples", description: "Two 2x2 test images.",
      images: [
        GrayImage(width: 2, height: 2, pixels: [0, 85, 170, 255], label: "ramp"),
        GrayImage(width: 2, height: 2, pixels: [255, 0, 0, 255], label: "checker"),
      ], columns: 2, cellSize: 32)
  }

  /// A small report with one cell of each output kind (no charts, so the snapshot stays short).
  static var smallReport: Report {
    Report(
      title: "Bits & accuracy",
      metadata: ReportMetadata(
        date: "2026-01-02 03:04 UTC", seed: 7, duration: .milliseconds(83_250),
        quantbookVersion: "0.1.0", parameters: [KeyValue("epochs", "5")],
        datasetChecksums: [KeyValue("train-images", "sha256:abc123")], cpuFeatures: ["avx2", "fma"],
        threads: 2, cacheInfo: "1 of 2 cells from cache", sourcePath: "notebooks/02.md"),
      tableOfContents: [TOCEntry(level: 1, text: "Bits", id: "bits"),
                        TOCEntry(level: 2, text: "Setup", id: "setup")],
      sections: [
        .prose(trustedHTML: "<h1 id=\"bits\">Bits</h1>\n<p>Each bit <em>halves</em> the step.</p>"),
        .cell(CodeCell(
          caption: "Accuracy against bits", label: "acc", source: sampleSource,
          duration: .milliseconds(1250), location: "notebooks/02.md:12",
          outputs: [
            .table(Table(caption: "Accuracy", columns: [.init("bits", .numeric), .init("scheme"),
                                                         .init("accuracy", .numeric)],
                         rows: [["8", "symmetric", "91.20%"], ["4", "symmetric", "89.70%"]])),
            .metrics(MetricList(title: "Test set", [Metric("accuracy", "91.20%"), Metric("loss", "0.2431")])),
            .text(TextBlock("epoch 1: loss 0.52\nepoch 2: loss 0.41")),
          ])),
        .cell(CodeCell(
          source: [CodeSpan("evaluate", .step), CodeSpan("(q, on: data.tset)")], echo: false,
          cached: true,
          outputs: [
            .error(CellError(
              message: "unknown name 'tset'", file: "notebooks/02.md", line: 20, column: 26,
              sourceLine: "evaluate(q, on: data.tset)", caretLength: 4, hint: "did you mean 'test'?")),
          ])),
      ])
  }

  /// Every chart kind in one report, for the rendering check and screenshots.
  static var chartReport: Report {
    var report = smallReport
    report.title = "Every chart kind"
    report.sections.append(.cell(CodeCell(
      caption: "Charts", source: sampleSource, duration: .seconds(3),
      outputs: [.chart(lineChart), .chart(barChart), .chart(histogram), .chart(heatmap), .chart(imageGrid)])))
    return report
  }
}
