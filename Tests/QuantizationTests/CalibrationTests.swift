import Testing

@testable import Quantization

/// The fraction of `values` outside `range`, counted directly on the raw data.
private func trueClippedFraction(_ values: [Float], _ range: ClosedRange<Float>) -> Double {
  Double(values.filter { !range.contains($0) }.count) / Double(values.count)
}

private func histogram(_ values: [Float], batch: Int = 1000, binCount: Int = 2048) throws
  -> ActivationHistogram
{
  var h = try ActivationHistogram(binCount: binCount)
  for start in stride(from: 0, to: values.count, by: batch) {
    try h.observe(values[start..<min(start + batch, values.count)])
  }
  return h
}

private let methods: [CalibrationMethod] = [
  .minMax, .percentile(99.99), .percentile(99), .mse, .entropy,
]

@Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
func everyMethodClipsNoMoreThanItClaims(seed: UInt64) throws {
  var x = Synthetic.gaussian(count: 20_000, seed: seed)
  x[17] = 9  // an outlier far in the tail
  if seed % 2 == 0 { x = x.map { max($0, 0) } }  // one-sided, as after ReLU
  let h = try histogram(x)
  #expect(h.count == x.count)
  #expect(h.minimum == x.min()! && h.maximum == x.max()!)
  for method in methods {
    for bits in [4, 8] {
      let r = try h.calibrate(method, bits: bits)
      #expect(r.minimum <= 0 || r.minimum == h.minimum)
      #expect(r.minimum >= h.minimum && r.maximum <= h.maximum)
      // A couple of values may sit within float rounding of the threshold edge.
      #expect(
        trueClippedFraction(x, r.range) <= r.clippedFraction + 2.0 / Double(x.count),
        "\(method) \(bits)")
      if case .percentile(let p) = method { #expect(r.clippedFraction <= 1 - p / 100 + 1e-12) }
      if seed % 2 == 0 { #expect(r.minimum >= 0) }
    }
  }
  #expect(try h.calibrate(.minMax, bits: 8).range == x.min()!...x.max()!)
}

@Test(arguments: [UInt64(11), 12, 13])
func mseRangeQuantizesBetterThanMinMaxWithAnOutlier(seed: UInt64) throws {
  var x = Synthetic.gaussian(count: 20_000, seed: seed)
  x[0] = 12
  let h = try histogram(x)
  func actualMSE(_ r: CalibrationResult) throws -> Double {
    meanSquaredError(x, try ActivationQuantizer(range: r.range, bits: 4).forward(x))
  }
  let mse = try h.calibrate(.mse, bits: 4)
  let minMax = try h.calibrate(.minMax, bits: 4)
  #expect(mse.maximum < 6)
  #expect(try actualMSE(mse) < actualMSE(minMax) * 0.5)
  let entropy = try h.calibrate(.entropy, bits: 8)
  #expect(entropy.maximum > 2 && entropy.maximum < 12)
}

@Test func rangeDoublingMergesBinsExactly() throws {
  // Values on a binary grid: max 1 in the first batch, 4 in the second, so observing
  // small-then-large (two doublings) must give the same bins as large-then-small.
  let small = (0..<200).map { Float($0 - 100) / 100 }.map { ($0 * 64).rounded() / 64 }
  var large = small.map { $0 * 4 }
  large[0] = -4
  var a = try ActivationHistogram(binCount: 64)
  try a.observe(small)
  try a.observe(large)
  var b = try ActivationHistogram(binCount: 64)
  try b.observe(large)
  try b.observe(small)
  #expect(a.halfRange == 4 && b.halfRange == 4)
  #expect(a.counts == b.counts)
  #expect(a.counts.reduce(0, +) == 400)
}

@Test func zerosBeforeAnyRangeAreKeptAndBadInputIsRejected() throws {
  var h = try ActivationHistogram(binCount: 8)
  try h.observe([0, 0, 0])
  #expect(h.magnitudeCounts()[0] == 3)
  try h.observe([1, -1])
  #expect(h.counts.reduce(0, +) == 5)
  #expect(throws: QuantizationError.self) { try h.observe([.nan]) }
  #expect(throws: QuantizationError.self) { try ActivationHistogram(binCount: 10) }
  #expect(throws: QuantizationError.self) {
    try ActivationHistogram(binCount: 8).calibrate(.mse, bits: 8)
  }
  #expect(throws: QuantizationError.self) { try h.calibrate(.percentile(0), bits: 8) }
}

@Test func sawtoothIntegralGivesStepSquaredOverTwelvePerPeriod() {
  let step = 0.25
  let oneSide =
    sawtoothSquareIntegral(step * 10 + step / 2, step) - sawtoothSquareIntegral(-step / 2, step)
  #expect(abs(oneSide / (11 * step) - step * step / 12) < 1e-12)
  #expect(abs(sawtoothSquareIntegral(0, step) - step * step * step / 24) < 1e-15)
}

/// Banner et al. (ACIQ, 2019): for Gaussian data and 2^4 levels over [−α, α] the
/// MSE-optimal clipping is α ≈ 2.55σ.
@Test func mseClippingOfAGaussianMatchesTheAnalyticOptimum() throws {
  let h = try histogram(Synthetic.gaussian(count: 100_000, seed: 21), batch: 10_000)
  let r = try h.calibrate(.mse, bits: 4)
  #expect(r.maximum > 2.4 && r.maximum < 2.7, "\(r.range)")
}

/// After ReLU half the values are exact zeros; they must not drag the entropy threshold
/// down (at 8 bits the search should clip almost nothing of a half-Gaussian).
@Test func reluZerosDoNotPullTheEntropyThresholdDown() throws {
  let x = Synthetic.gaussian(count: 100_000, seed: 22).map { max($0, 0) }
  let h = try histogram(x, batch: 10_000)
  #expect(h.zeroCount == x.filter { $0 == 0 }.count)
  let r = try h.calibrate(.entropy, bits: 8)
  #expect(r.clippedFraction < 0.001 && r.maximum > 3, "\(r.range) clips \(r.clippedFraction)")
}
