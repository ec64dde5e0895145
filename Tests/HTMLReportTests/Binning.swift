@testable import HTMLReport

/// The tests' histogram input: equal bins over raw values (the report's histograms come
/// pre-binned from the runner's `ValueHistogram`).
extension Histogram.Bins {
  /// Bins `values` into `count` equal bins over `range` (default: the values' min...max);
  /// the last bin includes its upper edge; non-finite values and values outside are dropped.
  static func binning(
    _ values: [Double], count: Int = 40, range: ClosedRange<Double>? = nil
  ) -> Self {
    let finite = values.filter(\.isFinite)
    let n = max(count, 1)
    let (lo, hi) = Ticks.usableDomain(
      range?.lowerBound ?? finite.min() ?? 0, range?.upperBound ?? finite.max() ?? 1)
    let width = (hi - lo) / Double(n)
    var counts = [Int](repeating: 0, count: n)
    for v in finite where v >= lo && v <= hi {
      counts[min(Int((v - lo) / width), n - 1)] += 1
    }
    return Self(lowerBound: lo, width: width, counts: counts)
  }
}
