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
        datasetChecksums: [KeyValue("train-images", "sha256:abc123")],
        cpuFeatures: ["avx2", "fma"],
        threads: 2, cacheInfo: "1 of 2 cells from cache", sourcePath: "notebooks/02.md"),
      tableOfContents: [
        TOCEntry(level: 1, text: "Bits", id: "bits"),
        TOCEntry(level: 2, text: "Setup", id: "setup"),
      ],
      sections: [
        .prose(trustedHTML: "<h1 id=\"bits\">Bits</h1>\n<p>Each bit <em>halves</em> the step.</p>"),
        .cell(
          CodeCell(
            caption: "Accuracy against bits", label: "acc", source: sampleSource,
            duration: .milliseconds(1250), location: "notebooks/02.md:12",
            outputs: [
              .table(
                Table(
                  caption: "Accuracy",
                  columns: [
                    .init("bits", .numeric), .init("scheme"),
                    .init("accuracy", .numeric),
                  ],
                  rows: [["8", "symmetric", "91.20%"], ["4", "symmetric", "89.70%"]])),
              .metrics(
                MetricList(
                  title: "Test set", [Metric("accuracy", "91.20%"), Metric("loss", "0.2431")])),
              .text(TextBlock("epoch 1: loss 0.52\nepoch 2: loss 0.41")),
            ])),
        .cell(
          CodeCell(
            source: [CodeSpan("evaluate", .step), CodeSpan("(q, on: data.tset)")], echo: false,
            cached: true,
            outputs: [
              .error(
                CellError(
                  message: "unknown name 'tset'", file: "notebooks/02.md", line: 20, column: 22,
                  sourceLine: "evaluate(q, on: data.tset)", caretLength: 4,
                  hint: "did you mean 'test'?"))
            ])),
      ])
  }

  /// Every chart kind at realistic sizes, for the rendering check and screenshots.
  static var chartReport: Report {
    let classes = [
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
      "Bag", "Ankle boot",
    ]
    let epochs = (1...30).map(Double.init)
    let training = Chart.line(
      title: "Training curves", description: "Loss on the training and test sets for 30 epochs.",
      x: Axis("epoch"), y: Axis("loss"),
      series: [
        .init("train", x: epochs, y: epochs.map { 0.25 + 0.6 / $0 }),
        .init("test", x: epochs, y: epochs.map { 0.3 + 0.55 / $0 + $0 * 0.002 }),
      ])
    let bitsChart = Chart.line(
      title: "Accuracy against bits (log x)", description: "Accuracy for 2 to 16 bits.",
      x: Axis("bits", scale: .logarithmic(base: 2)), y: Axis("accuracy", domain: 0...1),
      series: [.init("symmetric", x: [2, 3, 4, 6, 8, 16], y: [0.3, 0.7, 0.86, 0.9, 0.91, 0.912])])
    let layers = (1...24).map { "block\($0)_conv2d_depthwise" }
    let sqnr = Chart.bar(
      title: "SQNR per layer (24 layers)", description: "SQNR of each layer.", categories: layers,
      categoryLabel: "layer", value: Axis("SQNR (dB)"),
      series: [.init("int8", layers.indices.map { 30 + Double($0 % 7) * 1.5 })])
    let sizes = Chart.bar(
      title: "Model size per scheme", description: "Size in KiB; a negative bar shows a change.",
      categories: ["float32", "int8", "int4", "change"], categoryLabel: "scheme",
      value: Axis("KiB"),
      series: [.init("weights", [1_650, 412, 206, -30]), .init("overhead", [0, 12, 14, 2])])
    let weights = (0..<4000).map { i -> Double in
      let u = Double((i * 7919) % 4000) / 4000 - 0.5
      return u * abs(u) * 0.8
    }
    let levels = (-127...127).map { Double($0) * 0.2 / 127 }
    let weightHistogram = Chart.histogram(
      title: "Weights with 8-bit levels", description: "4,000 weights, 255 levels.",
      bins: .binning(weights, count: 60), x: Axis("weight"), markers: levels,
      markerName: "int8 levels")
    var confusion: [[Double]] = []
    for r in 0..<10 {
      var row: [Double] = []
      for c in 0..<10 {
        let count: Int = r == c ? 900 - r * 20 : (r * 7 + c * 3) % 40
        row.append(Double(count))
      }
      confusion.append(row)
    }
    let heat = Chart.heatmap(
      title: "Confusion matrix", description: "Fashion-MNIST test set.", rowLabels: classes,
      columnLabels: classes, rowAxisLabel: "true class", columnAxisLabel: "predicted class",
      values: confusion)
    let samples = (0..<16).map { n -> GrayImage in
      let pixels: [UInt8] = (0..<784).map { (i: Int) -> UInt8 in
        let x = i % 28 - 14
        let y = i / 28 - 14
        return UInt8((x * y + n * 40) & 0xFF)
      }
      return GrayImage(width: 28, height: 28, pixels: pixels, label: classes[n % 10])
    }
    let filters = (0..<8).map { n -> GrayImage in
      let values: [Float] = (0..<9).map { (i: Int) -> Float in Float((i * (n + 1)) % 5) - 2 }
      return GrayImage.normalized(
        width: 3, height: 3, values: values, symmetric: true, label: "filter \(n)")
    }
    var report = smallReport
    report.title = "Every chart kind"
    report.sections = [
      .cell(
        CodeCell(
          caption: "Charts", source: sampleSource, duration: .seconds(3),
          outputs: [
            training, bitsChart, lineChart, barChart, sqnr, sizes, histogram, weightHistogram,
            heatmap,
            heat, imageGrid,
            .imageGrid(title: "Sample inputs", description: "16 inputs.", images: samples),
            .imageGrid(
              title: "First-layer filters", description: "3x3 kernels.", images: filters,
              columns: 8, cellSize: 48),
          ].map(CellOutput.chart)))
    ]
    return report
  }
}
