import Foundation

/// How to choose an activation's clipping range from its histogram.
///
/// Every method except `minMax` picks a magnitude threshold T on a bin edge of
/// |x| and returns [max(min, −T), min(max, T)]; values beyond are clipped.
public enum CalibrationMethod: Sendable, Hashable {
  /// The observed [min, max]: nothing clipped.
  case minMax
  /// The smallest T with at least `percent`% of |x| at or below it (e.g. 99.99).
  case percentile(Double)
  /// The T minimising the expected squared error of b-bit quantization (clipping plus
  /// rounding), each bin's values taken as uniform over the bin.
  case mse
  /// The T minimising KL(P ‖ Q) between the |x| distribution clipped at T and its b-bit
  /// requantization (TensorRT's entropy calibration).
  case entropy
}

/// A calibrated range and how much it clips.
public struct CalibrationResult: Sendable, Hashable {
  public var method: CalibrationMethod
  /// The chosen range.
  public var minimum: Float
  public var maximum: Float
  /// Fraction of observed values the histogram places outside the range: an upper bound
  /// on the true fraction (a whole bin is counted as clipped when it starts at T).
  public var clippedFraction: Double

  public var range: ClosedRange<Float> { minimum...maximum }
}

extension ActivationHistogram {
  /// Chooses a clipping range with `method` for quantization at `bits` bits (1...16).
  ///
  /// Data with minimum ≥ 0 (after ReLU) is treated as one-sided: its grid has 2^b levels
  /// over [0, T]; otherwise 2^b levels over [−T, T].
  public func calibrate(_ method: CalibrationMethod, bits: Int) throws -> CalibrationResult {
    try QuantizationError.checkBits(bits, allowed: supportedLinearBits, in: "calibration")
    guard count > 0 else {
      throw QuantizationError(
        .emptyInput, "calibration: no activations were observed; run a calibration batch first")
    }
    let magnitudes = magnitudeCounts()
    let threshold: Int  // in bins of the magnitude histogram, 1...magnitudes.count
    switch method {
    case .minMax:
      threshold = magnitudes.count  // nothing clipped
    case .percentile(let percent):
      guard percent > 0, percent <= 100 else {
        throw QuantizationError(
          .invalidArgument, "calibration: percentile must be in (0, 100], got \(percent)")
      }
      threshold = percentileThreshold(magnitudes, fraction: percent / 100)
    case .mse:
      threshold = mseThreshold(withoutExactZeros(magnitudes), bits: bits)
    case .entropy:
      threshold = entropyThreshold(withoutExactZeros(magnitudes), bits: bits)
    }
    return result(method, threshold: threshold, magnitudes: magnitudes)
  }

  private var isOneSided: Bool { minimum >= 0 }

  /// The magnitude counts with exact zeros taken out of bin 0: zeros quantize without
  /// error at any range, and after ReLU their spike in bin 0 would otherwise dominate the
  /// entropy search (Q spreads bin 0's mass over its whole chunk) and pull T down.
  private func withoutExactZeros(_ magnitudes: [Int]) -> [Int] {
    var counts = magnitudes
    counts[0] -= Swift.min(zeroCount, counts[0])
    return counts
  }

  private func result(_ method: CalibrationMethod, threshold: Int, magnitudes: [Int])
    -> CalibrationResult
  {
    if halfRange == 0 || threshold >= magnitudes.count {
      return CalibrationResult(
        method: method, minimum: minimum, maximum: maximum, clippedFraction: 0)
    }
    let t = Float(threshold) * binWidth
    let clipped = magnitudes[threshold...].reduce(0, +)
    return CalibrationResult(
      method: method, minimum: Swift.max(minimum, -t), maximum: Swift.min(maximum, t),
      clippedFraction: Double(clipped) / Double(count))
  }

  private func percentileThreshold(_ magnitudes: [Int], fraction: Double) -> Int {
    let needed = fraction * Double(count)
    var cumulative = 0
    for (k, c) in magnitudes.enumerated() {
      cumulative += c
      if Double(cumulative) >= needed { return k + 1 }
    }
    return magnitudes.count
  }

  private func mseThreshold(_ magnitudes: [Int], bits: Int) -> Int {
    let w = Double(binWidth)
    let steps = Double((1 << bits) - 1)
    var best = (threshold: magnitudes.count, error: Double.infinity)
    for t in 1...magnitudes.count {
      let top = Double(t) * w
      let step = (isOneSided ? top : 2 * top) / steps
      var error = 0.0
      for (k, c) in magnitudes.enumerated() where c > 0 {
        let a = Double(k) * w
        let perValue =
          k < t
          ? (sawtoothSquareIntegral(a + w, step) - sawtoothSquareIntegral(a, step)) / w
          : (pow(a + w - top, 3) - pow(a - top, 3)) / (3 * w)
        error += Double(c) * perValue
      }
      if error < best.error { best = (t, error) }
    }
    return best.threshold
  }

  private func entropyThreshold(_ magnitudes: [Int], bits: Int) -> Int {
    let levels = isOneSided ? 1 << bits : 1 << (bits - 1)
    guard levels < magnitudes.count else { return magnitudes.count }
    var best = (threshold: magnitudes.count, divergence: Double.infinity)
    for t in levels...magnitudes.count {
      let divergence = clippedKLDivergence(magnitudes, threshold: t, levels: levels)
      if divergence < best.divergence { best = (t, divergence) }
    }
    return best.threshold
  }
}

/// ∫ s(x)² dx from −step/2 to y, where s(x) = x − step·round(x / step) is the rounding error
/// of a grid through 0. Each full period contributes step³/12.
func sawtoothSquareIntegral(_ y: Double, _ step: Double) -> Double {
  let u = y + step / 2
  let periods = (u / step).rounded(.down)
  let r = u - periods * step - step / 2  // in [−step/2, step/2)
  return periods * step * step * step / 12 + (r * r * r + step * step * step / 8) / 3
}

/// KL(P ‖ Q) for TensorRT's entropy calibration at threshold `t` bins.
///
/// P: the first t bins, with every count beyond t added to bin t − 1 (clipped values
/// saturate). Q: the first t bins (without the outliers) merged into `levels` chunks, each
/// chunk's total spread evenly over the chunk's bins where P is nonzero. Both are
/// normalised; empty Q bins under nonzero P get a small ε so the divergence stays finite.
func clippedKLDivergence(_ counts: [Int], threshold t: Int, levels: Int) -> Double {
  var p = counts[..<t].map(Double.init)
  p[t - 1] += Double(counts[t...].reduce(0, +))
  var q = [Double](repeating: 0, count: t)
  for j in 0..<levels {
    let start = j * t / levels
    let end = (j + 1) * t / levels
    let total = counts[start..<end].reduce(0, +)
    let nonzero = (start..<end).filter { p[$0] > 0 }.count
    guard nonzero > 0 else { continue }
    for k in start..<end where p[k] > 0 { q[k] = Double(total) / Double(nonzero) }
  }
  let pTotal = p.reduce(0, +)
  let qTotal = q.reduce(0, +)
  guard pTotal > 0 else { return 0 }
  guard qTotal > 0 else { return .infinity }
  let epsilon = 1e-12
  var divergence = 0.0
  for k in 0..<t where p[k] > 0 {
    let pk = p[k] / pTotal
    let qk = Swift.max(q[k] / qTotal, epsilon)
    divergence += pk * log(pk / qk)
  }
  return divergence
}
