import Foundation
import HTMLReport
import MarkdownNotebook

/// A 1-D teaching signal and, once quantized, its levels and error.
struct SignalValue: ValueKind {
  var label: String
  var original: [Double]
  var quantized: [Double]?
  var levels: Int?
  var bits: Int?
  /// The step between neighbouring levels of a linear grid; nil for the signal itself and
  /// for grids whose steps differ (log2).
  var scale: Double? = nil

  var mse: Double {
    guard let quantized else { return 0 }
    return zip(original, quantized).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
      / Double(original.count)
  }

  /// The largest |original − quantized| over all samples (0 before quantizing).
  var maxError: Double {
    guard let quantized else { return 0 }
    return zip(original, quantized).reduce(0) { max($0, abs($1.0 - $1.1)) }
  }

  var sqnr: Double {
    let power = original.reduce(0) { $0 + $1 * $1 } / Double(original.count)
    let noise = mse
    return noise > 0 ? 10 * log10(power / noise) : .infinity
  }

  var inlineText: String { label }

  func member(_ name: String, at range: SourceRange) throws(StepFailure) -> RuntimeValue {
    switch name {
    case "samples": return .int(original.count)
    case "levels": return .int(levels ?? 0)
    case "mse": return .float(mse)
    case "sqnr": return .float(sqnr)
    default: throw .noMember(name, at: range)
    }
  }

  /// The signal (and its quantized version and error) as line charts and figures.
  func outputs(title: String?, timings: Bool) -> [CellOutput] {
    let x = original.indices.map { Double($0) / Double(original.count) }
    var series = [LineChart.Series("original", x: x, y: original)]
    if let quantized { series.append(.init("quantized", x: x, y: quantized)) }
    let signal = CellOutput.chart(
      .line(
        title: "Signal: \(label)",
        description: quantized == nil
          ? "The signal's value over one window of time."
          : "The original signal and its quantized copy, which can take only "
            + "\(levels ?? 0) values.",
        x: Axis("time"), y: Axis("value"), series: series, markers: false))
    guard let quantized = quantized else { return [signal] }
    let error = zip(original, quantized).map { $0 - $1 }
    return [
      signal,
      .chart(
        .line(
          title: "Quantization error: \(label)",
          description: "Original minus quantized value over time.",
          x: Axis("time"), y: Axis("error"), series: [.init("error", x: x, y: error)],
          markers: false)),
      .metrics(
        MetricList(
          title: label,
          [
            Metric("bits", String(bits ?? 0)), Metric("levels", String(levels ?? 0)),
            Metric("MSE", Format.number(mse)),
            Metric("SQNR", Format.fixed(sqnr, decimals: 2) + " dB"),
          ])),
    ]
  }

  func json(timings: Bool) -> JSON {
    .object([
      ("kind", .string("signal")), ("name", .string(label)), ("samples", .int(original.count)),
      ("bits", bits.map { .int($0) } ?? .null), ("levels", levels.map { .int($0) } ?? .null),
      ("mse", .number(mse)), ("sqnr_db", .number(sqnr)),
    ])
  }

  /// Tag 13: label, samples, quantized samples, levels, bits, scale.
  func encode(into w: inout CacheWriter, reference: (NamedSplit) -> SplitReference?) -> Bool {
    w.u8(13); w.string(label); w.doubles(original); w.optional(quantized) { $0.doubles($1) }
    w.optional(levels) { $0.int($1) }; w.optional(bits) { $0.int($1) };
    w.optional(scale) { $0.double($1) }
    return true
  }

  static func decode(_ r: inout CacheReader) throws(CacheDecodingError) -> SignalValue {
    SignalValue(
      label: try r.string(), original: try r.doubles(),
      quantized: try r.optional { r throws(CacheDecodingError) in try r.doubles() },
      levels: try r.optionalInt(), bits: try r.optionalInt(), scale: try r.optionalDouble())
  }
}
