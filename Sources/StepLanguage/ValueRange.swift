import QuantizationMethods

/// The numbers a parameter allows: a union of intervals, such as `1...8 or 16` or `> 0`.
public struct ValueRange: Hashable, Sendable, CustomStringConvertible {
  /// One interval; a `nil` bound is unbounded.
  public struct Interval: Hashable, Sendable {
    public var lower: Double?
    public var lowerInclusive: Bool
    public var upper: Double?
    public var upperInclusive: Bool

    public func contains(_ x: Double) -> Bool {
      if let lower, lowerInclusive ? x < lower : x <= lower { return false }
      if let upper, upperInclusive ? x > upper : x >= upper { return false }
      return true
    }
  }

  public var intervals: [Interval]

  public init(_ intervals: [Interval]) { self.intervals = intervals }

  /// `a...b`.
  public static func closed(_ a: Double, _ b: Double) -> ValueRange {
    ValueRange([Interval(lower: a, lowerInclusive: true, upper: b, upperInclusive: true)])
  }
  /// `x ≥ a`.
  public static func atLeast(_ a: Double) -> ValueRange {
    ValueRange([Interval(lower: a, lowerInclusive: true, upper: nil, upperInclusive: false)])
  }
  /// `a ≤ x < b`.
  public static func halfOpen(_ a: Double, _ b: Double) -> ValueRange {
    ValueRange([Interval(lower: a, lowerInclusive: true, upper: b, upperInclusive: false)])
  }
  /// `a < x ≤ b`.
  public static func openClosed(_ a: Double, _ b: Double) -> ValueRange {
    ValueRange([Interval(lower: a, lowerInclusive: false, upper: b, upperInclusive: true)])
  }

  /// The union of two ranges.
  public static func | (lhs: ValueRange, rhs: ValueRange) -> ValueRange {
    ValueRange(lhs.intervals + rhs.intervals)
  }

  /// Weight and activation bit widths: 1 to 8 bits, or 16 (`MethodBits`' widest row, linear
  /// asymmetric; each method allows these or fewer).
  public static let bits = MethodBits.row(method: .linear, scheme: .asymmetric).range

  public func contains(_ x: Double) -> Bool { intervals.contains { $0.contains(x) } }

  /// `1...8 or 16`, `≥ 1`, `> 0`, `0 ≤ x < 1`, `0 < x ≤ 100`.
  public var description: String {
    intervals.map { i -> String in
      func n(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)" }
      switch (i.lower, i.upper) {
      case (let l?, let u?) where l == u: return n(l)
      case (let l?, let u?) where i.lowerInclusive && i.upperInclusive: return "\(n(l))...\(n(u))"
      case (let l?, let u?):
        return "\(n(l)) \(i.lowerInclusive ? "≤" : "<") x \(i.upperInclusive ? "≤" : "<") \(n(u))"
      case (let l?, nil): return "\(i.lowerInclusive ? "≥" : ">") \(n(l))"
      case (nil, let u?): return "\(i.upperInclusive ? "≤" : "<") \(n(u))"
      case (nil, nil): return "any"
      }
    }.joined(separator: " or ")
  }
}
