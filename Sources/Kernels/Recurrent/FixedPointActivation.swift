import Foundation

/// The sigmoid and tanh of the integer recurrent engine: int16 table, linear interpolation.
///
/// - Input: an int32 on the Q3.12 grid (`real = q / 4096`), first saturated to the int16 range
///   `[-32768, 32767]`, i.e. `real ∈ [-8, 8 - 2^-12]`. Beyond ±8 both functions are flat to
///   within `1 - σ(8) = 3.4e-4` and `1 - tanh(8) = 2.3e-7`.
/// - Output: int16 on the Q0.15 grid (`real = y / 32768`): sigmoid in `[0, 32767]`, tanh in
///   `[-32767, 32767]`.
/// - Method: `T[k] = clamp(round(f(-8 + k·2^shift / 4096) · 32768), -32767, 32767)` for the
///   `2^(16 - shift) + 1` knots `k` spaced `2^shift` Q3.12 units apart over [-8, 8]; then with
///   `u = q + 32768`, `k = u >> shift`, `r = u & (2^shift - 1)`:
///   `y = T[k] + ((T[k+1] - T[k])·r + 2^(shift-1)) >> shift` (arithmetic shift: round half up).
/// - Tables: sigmoid 513 knots (`shift` 7, step 1/32), tanh 1025 knots (`shift` 6, step 1/64);
///   the interpolation error `step²/8 · max|f''|` is 0.4 LSB (sigmoid) and 0.8 LSB (tanh; 3.1 at
///   step 1/32), plus half an LSB from rounding the knots and the interpolation's own rounding.
///   `maxErrorLSB` bounds the worst case over all 65,536 int16 inputs against `f` in Double
///   (measured 1.26 and 1.55 LSB; the tests check every input).
public struct FixedPointActivation: Sendable {
  public enum Function: String, Sendable, CaseIterable {
    case sigmoid
    case tanh

    /// The float function.
    public func evaluate(_ x: Double) -> Double {
      switch self {
      case .sigmoid: 1 / (1 + Foundation.exp(-x))
      case .tanh: Foundation.tanh(x)
      }
    }
  }

  public let function: Function
  /// log2 of the knot spacing in Q3.12 units.
  public let shift: Int
  /// The `2^(16 - shift) + 1` knot values, Q0.15.
  public let table: [Int16]
  /// `f` at every int16 input, `expanded[q + 32768] = self(q)`: the same function written out
  /// (128 KiB), so the vector kernels read one value per lane instead of two knots.
  public let expanded: [Int16]

  /// The sigmoid table: 513 knots.
  public static let sigmoid = FixedPointActivation(.sigmoid, shift: 7)
  /// The tanh table: 1,025 knots.
  public static let tanh = FixedPointActivation(.tanh, shift: 6)

  /// The stated bound on `|y - 32768·f(q / 4096)|` in Q0.15 LSB for every int16 input `q`.
  public static func maxErrorLSB(_ function: Function) -> Double {
    switch function {
    case .sigmoid: 1.3
    case .tanh: 1.6
    }
  }

  init(_ function: Function, shift: Int) {
    self.function = function
    self.shift = shift
    let knots = (1 << (16 - shift)) + 1
    table = (0..<knots).map { k in
      let x = -8 + Double(k << shift) / 4096
      let y = (function.evaluate(x) * 32768).rounded(.toNearestOrAwayFromZero)
      return Int16(Swift.min(Swift.max(y, -32767), 32767))
    }
    let values = table
    expanded = (-32768...32767).map { q in
      Self.interpolate(values, shift: shift, Int32(q))
    }
  }

  /// The knot interpolation of the type's comment.
  @inline(__always)
  static func interpolate(_ table: [Int16], shift: Int, _ q: Int32) -> Int16 {
    let u = Int(Swift.min(Swift.max(q, -32768), 32767)) + 32768
    let k = u >> shift
    let r = u & ((1 << shift) - 1)
    let low = Int(table[k])
    let high = Int(table[Swift.min(k + 1, table.count - 1)])
    return Int16(low + (((high - low) * r + (1 << (shift - 1))) >> shift))
  }

  /// `f(q / 4096)` in Q0.15: the scalar definition (see the type's comment).
  @inline(__always)
  public func callAsFunction(_ q: Int32) -> Int16 {
    Self.interpolate(table, shift: shift, q)
  }
}
