#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Number formatting used everywhere in a report, so every figure reads the same way.
///
/// The rule, applied in tables, metrics, tick labels and chart text:
/// - integers (and counts) are written in full with `,` grouping from 1,000 on: `60,000`;
/// - other numbers get 4 significant digits, trailing zeros kept (`0.9120`), grouped
///   integers from 10,000 on (`12,346`), and scientific notation below 0.001 (`1.234e-5`);
/// - NaN is `NaN`, infinities are `∞` and `-∞`; the minus sign is ASCII `-`.
public enum Format {
  /// The general rule above.
  public static func number(_ x: Double, significant: Int = 4) -> String {
    if let special = special(x) { return special }
    if x == x.rounded(), abs(x) < 1e15 { return grouped(Int64(x)) }
    let magnitude = abs(x)
    if magnitude >= 1e15 || magnitude < 1e-3 { return scientific(x, significant: significant) }
    let exponent = Int(floorLog10(magnitude))
    let decimals = max(0, significant - 1 - exponent)
    return fixed(x, decimals: decimals)
  }

  /// An integer count with grouping: `1234567` -> `1,234,567`.
  public static func count(_ n: Int) -> String { grouped(Int64(n)) }

  /// Fixed number of decimals, integer part grouped: `fixed(1234.5, decimals: 2)` -> `1,234.50`.
  public static func fixed(_ x: Double, decimals: Int) -> String {
    if let special = special(x) { return special }
    let d = min(max(decimals, 0), 12)
    let scale = power10(d)
    let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9.0e15 else { return scientific(x, significant: 4) }
    let units = UInt64(scaled)
    let integerPart = units / UInt64(scale)
    let fraction = units % UInt64(scale)
    var text = grouped(Int64(integerPart))
    if d > 0 {
      let digits = String(fraction)
      text += "." + String(repeating: "0", count: d - digits.count) + digits
    }
    return (x < 0 && units != 0 ? "-" : "") + text
  }

  /// A fraction as a percentage: `percent(0.9123)` -> `91.2%`.
  public static func percent(_ fraction: Double, decimals: Int = 1) -> String {
    if let special = special(fraction) { return special }
    return fixed(fraction * 100, decimals: decimals) + "%"
  }

  /// Scientific notation with `significant` digits: `1.234e-5`.
  public static func scientific(_ x: Double, significant: Int = 4) -> String {
    if let special = special(x) { return special }
    if x == 0 { return "0" }
    var exponent = Int(floorLog10(abs(x)))
    var mantissa = abs(x) / power10(exponent)
    let decimals = max(0, significant - 1)
    // Rounding can carry the mantissa to 10 (9.9996 -> 10.000): renormalise.
    if (mantissa * power10(decimals)).rounded(.toNearestOrAwayFromZero) >= 10 * power10(decimals) {
      mantissa /= 10
      exponent += 1
    }
    return (x < 0 ? "-" : "") + fixed(mantissa, decimals: decimals) + "e" + String(exponent)
  }

  /// A duration for people: `850 ms`, `12.3 s`, `2 min 03 s`, `1 h 02 min`.
  public static func duration(_ duration: Duration) -> String {
    seconds(duration.seconds)
  }

  /// Like ``duration(_:)`` for a number of seconds.
  public static func seconds(_ seconds: Double) -> String {
    if let special = special(seconds) { return special }
    let s = max(0, seconds)
    if s < 0.001 { return fixed(s * 1e6, decimals: 0) + " µs" }
    if s < 1 { return fixed(s * 1000, decimals: 0) + " ms" }
    if s < 60 { return fixed(s, decimals: s < 10 ? 2 : 1) + " s" }
    let whole = Int(s.rounded())
    if whole < 3600 { return "\(whole / 60) min " + twoDigits(whole % 60) + " s" }
    return "\(whole / 3600) h " + twoDigits((whole % 3600) / 60) + " min"
  }

  static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

  static func special(_ x: Double) -> String? {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x < 0 ? "-∞" : "∞" }
    return nil
  }

  static func grouped(_ n: Int64) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (index, character) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { out += "," }
      out.append(character)
    }
    return (n < 0 ? "-" : "") + out
  }

  static func power10(_ n: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(n) { result *= 10 }
    return n < 0 ? 1 / result : result
  }

  /// floor(log10(x)) for x > 0, corrected for floating-point error at exact powers of ten.
  static func floorLog10(_ x: Double) -> Double {
    var e = log10(x).rounded(.down)
    if power10(Int(e)) > x { e -= 1 }
    if power10(Int(e) + 1) <= x { e += 1 }
    return e
  }
}

extension Duration {
  /// The duration in seconds as a `Double`.
  public var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) * 1e-18
  }
}
