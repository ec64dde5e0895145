import HTMLReport
import Quantization

/// Tables and charts of quantization: per-layer error, sensitivity, a model's summary.
enum QuantizationViews {
  /// Per layer: MSE, SQNR, max error, clipped share, levels, bytes; SQNR bars; weight and
  /// error histograms of each layer with the quantization levels drawn on the weights.
  static func errorTable(_ q: QuantizedValue) -> TableValue {
    let records = q.quantized.layers
    let rows = records.map { r -> [String] in
      [
        "\(r.sourceLayerIndex + 1). \(r.name)", r.method.description,
        Format.count(r.weights.values.count),
        Format.scientific(r.metrics.meanSquaredError), sqnr(r.metrics.sqnrDecibels),
        Format.number(Double(r.metrics.maxAbsoluteError)),
        Format.percent(r.metrics.clippedFraction, decimals: 2),
        Format.count(r.weights.levels(ofGroup: r.weights.widestGroup).count),
        Format.count(r.weights.packedByteCount),
      ]
    }
    var charts: [Chart] = [
      .bar(
        title: "SQNR per layer of \(q.label)",
        description:
          "Signal-to-quantization-noise ratio of each layer's weights, in dB; higher is better.",
        categories: records.map { "\($0.sourceLayerIndex + 1). \($0.name)" },
        categoryLabel: "layer",
        value: Axis("SQNR (dB)"),
        series: [
          .init(
            "SQNR", records.map { $0.metrics.sqnrDecibels.isFinite ? $0.metrics.sqnrDecibels : 0 })
        ])
    ]
    for r in records {
      let h = r.metrics.valueHistogram
      let levels = r.weights.levels(ofGroup: r.weights.widestGroup).map(Double.init)
      charts.append(
        .histogram(
          title:
            "Weights of layer \(r.sourceLayerIndex + 1) (\(r.name)) with the levels of its "
            + "widest channel",
          description:
            "Histogram of the float weights; vertical marks are the values the quantized weights "
            + "can take.",
          bins: bins(h), x: Axis("weight"), markers: levels.count <= 256 ? levels : [],
          markerName: "levels"))
      let e = r.metrics.errorHistogram
      charts.append(
        .histogram(
          title: "Quantization error of layer \(r.sourceLayerIndex + 1) (\(r.name))",
          description: "Histogram of w − Q(w) over the layer's weights.", bins: bins(e),
          x: Axis("w − Q(w)")))
    }
    let table = Table(
      caption: "Quantization error per layer: \(q.label) (\(q.scheme))",
      columns: [.init("layer"), .init("method")]
        + .numeric(["weights", "MSE", "SQNR (dB)", "max |error|", "clipped", "levels", "bytes"]),
      rows: rows)
    return TableValue(table: table, charts: charts)
  }

  static func sqnr(_ db: Double) -> String {
    db.isFinite ? Format.fixed(db, decimals: 2) : (db > 0 ? "∞" : "−∞")
  }

  static func bins(_ h: ValueHistogram) -> Histogram.Bins {
    let width = h.counts.isEmpty ? 1 : Double(h.upperBound - h.lowerBound) / Double(h.counts.count)
    return Histogram.Bins(
      lowerBound: Double(h.lowerBound), width: width > 0 ? width : 1e-9, counts: h.counts)
  }

  static func sensitivityTable(
    _ results: [LayerSensitivity], model: String, bits: Int, split: String
  ) -> TableValue {
    let rows = results.map {
      [
        "\($0.layerIndex + 1). \($0.name)", sqnr($0.sqnrDecibels),
        Format.percent($0.accuracy, decimals: 2),
        Format.fixed($0.accuracyDrop * 100, decimals: 2), Format.percent($0.agreement, decimals: 2),
      ]
    }
    let chart = Chart.bar(
      title: "Accuracy drop when one layer of \(model) is quantized to \(bits) bits",
      description: "Percentage points of accuracy lost on \(split) with only that layer quantized.",
      categories: results.map { "\($0.layerIndex + 1). \($0.name)" }, categoryLabel: "layer",
      value: Axis("accuracy drop (points)"),
      series: [.init("drop", results.map { $0.accuracyDrop * 100 })])
    return TableValue(
      table: Table(
        caption: "Sensitivity of \(model): each layer alone at \(bits) bits, on \(split)",
        columns: [.init("layer")]
          + .numeric(["SQNR (dB)", "accuracy", "drop (points)", "agreement"]),
        rows: rows),
      charts: [chart])
  }

  /// A quantized model in a few figures.
  static func summary(_ q: QuantizedValue) -> MetricList {
    MetricList(
      title: "\(q.label): \(q.scheme)",
      [
        Metric(
          "quantized layers", String(Set(q.quantized.layers.map(\.layerIndex)).count)),
        Metric("size", "\(Format.count(q.quantized.packedByteCount)) bytes"),
        Metric("float32 size", "\(Format.count(q.quantized.float32ByteCount)) bytes"),
        Metric("compression", Format.fixed(q.quantized.compressionRatio, decimals: 2) + "×"),
        Metric("batch norms folded", String(q.quantized.foldedBatchNorms)),
      ])
  }
}
