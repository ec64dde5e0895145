/// The activation functions the pointwise kernels apply; TensorEngine names them `Activation`
/// (a layer's nonlinearity, after its affine part or as a layer of its own).
public enum ActivationFunction: String, Sendable, CaseIterable {
  /// `y = x`.
  case linear
  /// `y = x < 0 ? 0 : x` (NaN and -0 pass through).
  case relu
  /// `y = 1 / (1 + exp(-x))`.
  case sigmoid
  /// `y = tanh(x)`.
  case tanh
  /// `y_i = exp(x_i - max) / sum_j exp(x_j - max)` over each row.
  case softmax
}

/// Bias and activation in place over a `rows x columns` row-major block:
/// `y[r, c] = act(y[r, c] + bias[c])` (no addition at all when `bias` is nil); softmax is taken
/// over each row. ReLU and linear go eight at a time; every element takes the same operations
/// as in `biasActivationForwardReference`, so the two agree bit for bit.
public func biasActivationForward(
  _ y: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>?,
  activation: ActivationFunction
) {
  switch activation {
  case .linear, .relu:
    let relu = activation == .relu
    let zero = Float8()
    for r in 0..<max(0, rows) {
      let row = y + r * columns
      var c = 0
      while c + 8 <= columns {
        var v = load8(row + c)
        if let bias { v += load8(bias + c) }
        if relu { v.replace(with: zero, where: v .< zero) }
        store8(v, row + c)
        c += 8
      }
      while c < columns {
        row[c] = biasActivationScalar(row[c], bias?[c], relu: relu)
        c += 1
      }
    }
  case .sigmoid, .tanh, .softmax:
    biasActivationForwardReference(
      y, rows: rows, columns: columns, bias: bias, activation: activation)
  }
}

/// In place, the gradient through an activation from its output `y`: `g = g * act'(.)`, i.e.
/// ReLU `g = y <= 0 ? 0 : g`, sigmoid `g *= y (1 - y)`, tanh `g *= 1 - y^2`, and softmax over
/// rows of `columns`: `g_i = y_i (g_i - sum_j g_j y_j)`. `count` is a multiple of `columns`.
/// ReLU goes eight at a time; bit-identical to `activationBackwardReference`.
public func activationBackward(
  _ g: UnsafeMutablePointer<Float>, output y: UnsafePointer<Float>, count: Int, columns: Int,
  activation: ActivationFunction
) {
  switch activation {
  case .relu:
    let zero = Float8()
    var i = 0
    while i + 8 <= count {
      var gv = load8(g + i)
      gv.replace(with: zero, where: load8(y + i) .<= zero)
      store8(gv, g + i)
      i += 8
    }
    while i < count {
      if y[i] <= 0 { g[i] = 0 }
      i += 1
    }
  case .linear, .sigmoid, .tanh, .softmax:
    activationBackwardReference(
      g, output: y, count: count, columns: columns, activation: activation)
  }
}
