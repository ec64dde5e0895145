import Foundation

/// Counts of values in equal bins over [lowerBound, upperBound]; the last bin is closed.
public struct ValueHistogram: Sendable, Hashable {
  public var lowerBound: Float
  public var upperBound: Float
  public var counts: [Int]

  /// Bins `values` into `binCount` equal bins over `range` (default: the values' own
  /// [min, max]; a zero-width range is widened to ±0.5 around its value). Values outside
  /// the range are left out.
  public init(_ values: [Float], binCount: Int, range: ClosedRange<Float>? = nil) throws {
    guard binCount > 0 else {
      throw QuantizationError(
        .invalidArgument, "histogram: bin count must be positive, got \(binCount)")
    }
    var low = range?.lowerBound ?? values.min() ?? 0
    var high = range?.upperBound ?? values.max() ?? 0
    if high <= low {
      low -= 0.5
      high += 0.5
    }
    lowerBound = low
    upperBound = high
    counts = Array(repeating: 0, count: binCount)
    let scale = Float(binCount) / (high - low)
    for x in values where x >= low && x <= high {
      counts[Swift.min(Int((x - low) * scale), binCount - 1)] += 1
    }
  }

  public var binWidth: Float { (upperBound - lowerBound) / Float(counts.count) }
}

/// How far quantized values are from the originals.
public struct QuantizationErrorMetrics: Sendable, Hashable {
  /// Mean of (w − Q(w))².
  public var meanSquaredError: Double
  /// Signal-to-quantization-noise ratio 10·log10(Σw² / Σ(w − Q(w))²) in dB; +∞ when Q is
  /// exact, −∞ when the signal is all zeros but the error is not.
  public var sqnrDecibels: Double
  /// max |w − Q(w)|.
  public var maxAbsoluteError: Float
  /// Fraction of values outside the quantizer's representable range.
  public var clippedFraction: Double
  /// Histogram of w over its own range.
  public var valueHistogram: ValueHistogram
  /// Histogram of w − Q(w) over its own range.
  public var errorHistogram: ValueHistogram

  /// Compares `original` with its quantized version.
  ///
  /// - Parameters:
  ///   - clippedFraction: recorded as given (the quantizer knows its ranges).
  ///   - binCount: bins of both histograms (default 64).
  public init(
    original: [Float], quantized: [Float], clippedFraction: Double = 0, binCount: Int = 64
  ) throws {
    guard !original.isEmpty else {
      throw QuantizationError(.emptyInput, "error metrics: no values to compare")
    }
    guard original.count == quantized.count else {
      throw QuantizationError(
        .shapeMismatch,
        "error metrics: \(original.count) original values but \(quantized.count) quantized")
    }
    var signal = 0.0
    var noise = 0.0
    var maxError: Float = 0
    var errors = [Float](repeating: 0, count: original.count)
    for i in original.indices {
      let e = original[i] - quantized[i]
      errors[i] = e
      signal += Double(original[i]) * Double(original[i])
      noise += Double(e) * Double(e)
      maxError = Swift.max(maxError, abs(e))
    }
    meanSquaredError = noise / Double(original.count)
    sqnrDecibels = decibels(signal, noise)
    maxAbsoluteError = maxError
    self.clippedFraction = clippedFraction
    valueHistogram = try ValueHistogram(original, binCount: binCount)
    errorHistogram = try ValueHistogram(errors, binCount: binCount)
  }
}

extension QuantizedWeights {
  /// Error metrics of these values against the `original` weights they came from.
  public func errorMetrics(original: [Float], binCount: Int = 64) throws -> QuantizationErrorMetrics
  {
    try QuantizationErrorMetrics(
      original: original, quantized: values, clippedFraction: clippedFraction, binCount: binCount)
  }
}
