#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Maps data values to drawing coordinates.
///
/// Linear: `y = r0 + (x - d0) / (d1 - d0) * (r1 - r0)`.
/// Logarithmic: the same on `log(x)`; values <= 0 map to the range start.
/// The range may run backwards (`r0 > r1`), as a y axis does in SVG.
public struct Scale: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case linear
    case logarithmic(base: Double)
  }

  public var kind: Kind
  public var domain: (lower: Double, upper: Double)
  public var range: (start: Double, end: Double)

  public init(kind: Kind = .linear, domain: (Double, Double), range: (Double, Double)) {
    self.kind = kind
    if case .logarithmic = kind, domain.0 > 0, domain.1 > domain.0 {
      self.domain = domain
    } else if case .logarithmic = kind {
      self.domain = (1, 10)
    } else {
      self.domain = Ticks.usableDomain(domain.0, domain.1)
    }
    self.range = range
  }

  /// The drawing coordinate of `value`.
  public func callAsFunction(_ value: Double) -> Double {
    let t: Double
    switch kind {
    case .linear:
      t = (value - domain.lower) / (domain.upper - domain.lower)
    case .logarithmic:
      guard value > 0 else { return range.start }
      t = (log(value) - log(domain.lower)) / (log(domain.upper) - log(domain.lower))
    }
    return range.start + t * (range.end - range.start)
  }

  /// Tick values suited to the kind (nice linear ticks, or powers of the base).
  public func ticks(count: Int = 5) -> [Double] {
    switch kind {
    case .linear: return Ticks.linear(domain.lower, domain.upper, count: count)
    case .logarithmic(let base): return Ticks.logarithmic(domain.lower, domain.upper, base: base)
    }
  }

  public static func == (a: Scale, b: Scale) -> Bool {
    a.kind == b.kind && a.domain == b.domain && a.range == b.range
  }
}

/// Bands for categories along an axis: category i occupies
/// `[start + i * step + padding, start + (i + 1) * step - padding]`, step = length / n.
public struct BandScale: Sendable, Equatable {
  public var count: Int
  public var start: Double
  public var end: Double
  /// Fraction of each step left empty, split on both sides (0.2 = 10% each side).
  public var paddingFraction: Double

  public init(count: Int, start: Double, end: Double, paddingFraction: Double = 0.2) {
    self.count = max(count, 1)
    self.start = start
    self.end = end
    self.paddingFraction = paddingFraction
  }

  public var step: Double { (end - start) / Double(count) }
  public var bandwidth: Double { step * (1 - paddingFraction) }
  /// The start of band i.
  public func bandStart(_ i: Int) -> Double {
    start + Double(i) * step + step * paddingFraction / 2
  }
  /// The centre of band i.
  public func center(_ i: Int) -> Double { start + (Double(i) + 0.5) * step }
}
