import Foundation

/// Pointer-level elementwise kernels of the engine, vectorised with `SIMD8<Float>` where hot.
enum Pointwise {
  /// `y[r, c] = act(y[r, c] + bias[c])` over a `rows x cols` row-major block (bias optional).
  /// Softmax is taken over each row.
  static func addBiasActivate(
    _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int, bias: UnsafePointer<Float>?,
    activation: Activation
  ) {
    let vectorCols = cols & ~7
    let zero = SIMD8<Float>(repeating: 0)
    for r in 0..<rows {
      let row = y + r * cols
      if activation == .relu || activation == .linear {
        var c = 0
        while c < vectorCols {
          var v = UnsafeRawPointer(row + c).loadUnaligned(as: SIMD8<Float>.self)
          if let bias { v += UnsafeRawPointer(bias + c).loadUnaligned(as: SIMD8<Float>.self) }
          if activation == .relu { v = v.replacing(with: zero, where: v .< zero) }
          UnsafeMutableRawPointer(row + c).storeBytes(of: v, as: SIMD8<Float>.self)
          c += 8
        }
        while c < cols {
          var v = row[c] + (bias?[c] ?? 0)
          if activation == .relu && v < 0 { v = 0 }
          row[c] = v
          c += 1
        }
      } else {
        if let bias { for c in 0..<cols { row[c] += bias[c] } }
        activate(row, count: cols, activation: activation)
      }
    }
  }

  /// Applies a sigmoid, tanh or softmax (softmax over all `count` values) in place.
  static func activate(_ x: UnsafeMutablePointer<Float>, count: Int, activation: Activation) {
    switch activation {
    case .linear: return
    case .relu: for i in 0..<count where x[i] < 0 { x[i] = 0 }
    case .sigmoid: for i in 0..<count { x[i] = 1 / (1 + exp(-x[i])) }
    case .tanh: for i in 0..<count { x[i] = tanh(x[i]) }
    case .softmax:
      var peak = -Float.infinity
      for i in 0..<count { peak = max(peak, x[i]) }
      var sum: Float = 0
      for i in 0..<count {
        x[i] = exp(x[i] - peak)
        sum += x[i]
      }
      let inv = 1 / sum
      for i in 0..<count { x[i] *= inv }
    }
  }

  /// In place: `g = g * act'(.)` expressed through the activation's output `y`; softmax is
  /// taken over rows of `cols`: `g_i = y_i (g_i - sum_j g_j y_j)`.
  static func activationBackward(
    _ g: UnsafeMutablePointer<Float>, output y: UnsafePointer<Float>, count: Int, cols: Int,
    activation: Activation
  ) {
    switch activation {
    case .linear: return
    case .relu:
      let zero = SIMD8<Float>(repeating: 0)
      var i = 0
      while i + 8 <= count {
        let yv = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
        var gv = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD8<Float>.self)
        gv.replace(with: zero, where: yv .<= zero)
        UnsafeMutableRawPointer(g + i).storeBytes(of: gv, as: SIMD8<Float>.self)
        i += 8
      }
      while i < count {
        if y[i] <= 0 { g[i] = 0 }
        i += 1
      }
    case .sigmoid: for i in 0..<count { g[i] *= y[i] * (1 - y[i]) }
    case .tanh: for i in 0..<count { g[i] *= 1 - y[i] * y[i] }
    case .softmax:
      for r in 0..<(count / cols) {
        let gr = g + r * cols
        let yr = y + r * cols
        var dot: Float = 0
        for c in 0..<cols { dot += gr[c] * yr[c] }
        for c in 0..<cols { gr[c] = yr[c] * (gr[c] - dot) }
      }
    }
  }

  /// `sums[c] (+)= sum_r g[r, c]` over a `rows x cols` block, rows in order (deterministic).
  static func columnSums(
    _ g: UnsafePointer<Float>, rows: Int, cols: Int, into sums: UnsafeMutablePointer<Float>,
    accumulate: Bool
  ) {
    if !accumulate { sums.update(repeating: 0, count: cols) }
    for r in 0..<rows { add(g + r * cols, into: sums, count: cols) }
  }

  /// `x[i] *= m[i]`.
  static func multiply(_ x: UnsafeMutablePointer<Float>, by m: UnsafePointer<Float>, count: Int) {
    var i = 0
    while i + 8 <= count {
      let v =
        UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
        * UnsafeRawPointer(m + i).loadUnaligned(as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(x + i).storeBytes(of: v, as: SIMD8<Float>.self)
      i += 8
    }
    while i < count {
      x[i] *= m[i]
      i += 1
    }
  }

  /// `y[i] += x[i]`.
  static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i + 8 <= count {
      let v =
        UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
        + UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(y + i).storeBytes(of: v, as: SIMD8<Float>.self)
      i += 8
    }
    while i < count {
      y[i] += x[i]
      i += 1
    }
  }
}
