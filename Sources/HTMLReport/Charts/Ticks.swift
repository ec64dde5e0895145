#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// "Nice" tick values for an axis: multiples of 1, 2 or 5 times a power of ten.
public enum Ticks {
  /// The nice step for covering `span` with about `count` intervals: the smallest of
  /// {1, 2, 5, 10} x 10^k that is >= span / count, as `mantissa x 10^exponent` so that
  /// multiples are computed as exactly as doubles allow: `3 x 0.2` is `6 / 10` = 0.6, not
  /// `0.6000000000000001`.
  struct Step {
    var mantissa: Double
    var exponent: Int

    init(span: Double, count: Int) {
      let raw = abs(span) / Double(max(count, 1))
      guard raw > 0, raw.isFinite else {
        (mantissa, exponent) = (1, 0)
        return
      }
      exponent = Int(Format.floorLog10(raw))
      let residual = raw / Format.power10(exponent)
      // Tolerance so that 2.0000000001 (floating-point noise) still counts as 2.
      mantissa = residual <= 1.000001 ? 1 : residual <= 2.000001 ? 2 : residual <= 5.000001 ? 5 : 10
    }

    /// i x step, with one rounding.
    func multiple(_ i: Double) -> Double {
      let value =
        exponent >= 0
        ? i * mantissa * Format.power10(exponent) : i * mantissa / Format.power10(-exponent)
      return value == 0 ? 0 : value  // no -0
    }

    /// value / step.
    func ratio(_ value: Double) -> Double {
      exponent >= 0
        ? value / (mantissa * Format.power10(exponent))
        : value * Format.power10(-exponent) / mantissa
    }
  }

  /// The domain widened so it is not empty: a zero-width range `[v, v]` becomes
  /// `[v - 1, v + 1]` when v is 0, else `[v - |v|/10, v + |v|/10]`; reversed bounds are swapped;
  /// non-finite bounds fall back to `[0, 1]`.
  public static func usableDomain(_ lower: Double, _ upper: Double) -> (Double, Double) {
    guard lower.isFinite, upper.isFinite else { return (0, 1) }
    var lo = min(lower, upper)
    var hi = max(lower, upper)
    if hi - lo <= abs(hi) * 1e-12 {
      let pad = lo == 0 ? 1 : abs(lo) / 10
      lo -= pad
      hi += pad
    }
    return (lo, hi)
  }

  /// Tick values inside `[lower, upper]` at a nice step for about `count` intervals.
  /// Values are exact multiples `i * step` (no accumulated error); `-0` is written as `0`.
  public static func linear(_ lower: Double, _ upper: Double, count: Int = 5) -> [Double] {
    let (lo, hi) = usableDomain(lower, upper)
    let step = Step(span: hi - lo, count: count)
    let first = (step.ratio(lo) - 1e-9).rounded(.up)
    let last = (step.ratio(hi) + 1e-9).rounded(.down)
    guard first <= last else { return [] }
    return stride(from: first, through: last, by: 1).map { step.multiple($0) }
  }

  /// The domain extended outward to the nearest nice ticks, so the axis starts and ends on a
  /// labelled value: `(0.13, 0.91)` -> `(0.1, 1.0)` for about 5 ticks.
  public static func niceDomain(_ lower: Double, _ upper: Double, count: Int = 5) -> (
    Double, Double
  ) {
    let (lo, hi) = usableDomain(lower, upper)
    let step = Step(span: hi - lo, count: count)
    return (
      step.multiple((step.ratio(lo) + 1e-9).rounded(.down)),
      step.multiple((step.ratio(hi) - 1e-9).rounded(.up))
    )
  }

  /// The number of decimals that shows every tick of this step distinctly:
  /// step 0.25 -> 2, step 5 -> 0, step 0.001 -> 3.
  public static func decimals(forStep step: Double) -> Int {
    guard step > 0, step.isFinite else { return 0 }
    var d = 0
    var scaled = step
    while d < 10, abs(scaled - scaled.rounded()) > 1e-9 * max(1, scaled) {
      scaled *= 10
      d += 1
    }
    return d
  }

  /// Labels for linear ticks, all with the same number of decimals (the step's).
  public static func labels(_ ticks: [Double]) -> [String] {
    guard ticks.count > 1 else { return ticks.map { Format.number($0) } }
    let step = abs(ticks[1] - ticks[0])
    let magnitude = ticks.map(abs).max() ?? 0
    if magnitude >= 1e9 || (magnitude < 1e-3 && magnitude > 0) {
      return ticks.map { Format.scientific($0, significant: 2) }
    }
    let d = decimals(forStep: step)
    return ticks.map { Format.fixed($0, decimals: d) }
  }

  /// Ticks for a logarithmic axis: the powers of `base` inside the domain; when that gives
  /// fewer than 3 values (a narrow domain), the linear ticks instead.
  public static func logarithmic(_ lower: Double, _ upper: Double, base: Double) -> [Double] {
    guard lower > 0, upper > lower, base > 1 else { return linear(lower, upper) }
    let firstExponent = (log(lower) / log(base) - 1e-9).rounded(.up)
    let lastExponent = (log(upper) / log(base) + 1e-9).rounded(.down)
    guard lastExponent - firstExponent >= 2 else { return linear(lower, upper) }
    return stride(from: firstExponent, through: lastExponent, by: 1).map { pow(base, $0) }
  }

  /// Indices of the labels to keep so that neighbouring labels never overlap: every k-th label
  /// for the smallest k with `k * spacing >= widest + gap`. `spacing` is the distance between
  /// neighbouring tick positions; widths are the labels' estimated extents along the axis.
  public static func thinned(count: Int, spacing: Double, widest: Double, gap: Double = 6) -> [Int]
  {
    guard count > 0 else { return [] }
    guard spacing > 0 else { return [0] }
    var k = 1
    while Double(k) * spacing < widest + gap, k < count { k += 1 }
    return Array(stride(from: 0, to: count, by: k))
  }
}
