import Foundation

/// The plain reference twins of `biasActivationForward` and `activationBackward`, one element
/// at a time (sigmoid, tanh and softmax have no faster path: the fast kernels call these).

/// `act(x + bias)` for ReLU or linear; no addition when `bias` is nil.
@inline(__always)
func biasActivationScalar(_ x: Float, _ bias: Float?, relu: Bool) -> Float {
  var v = x
  if let bias { v += bias }
  if relu && v < 0 { v = 0 }
  return v
}

/// Reference twin of `biasActivationForward`.
public func biasActivationForwardReference(
  _ y: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>?,
  activation: ActivationFunction
) {
  for r in 0..<max(0, rows) {
    let row = y + r * columns
    switch activation {
    case .linear, .relu:
      for c in 0..<columns {
        row[c] = biasActivationScalar(row[c], bias?[c], relu: activation == .relu)
      }
    case .sigmoid, .tanh, .softmax:
      if let bias { for c in 0..<columns { row[c] += bias[c] } }
      activateRow(row, count: columns, activation: activation)
    }
  }
}

/// Applies a sigmoid, tanh or softmax (over all `count` values) in place.
@inline(__always)
func activateRow(_ x: UnsafeMutablePointer<Float>, count: Int, activation: ActivationFunction) {
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

/// Reference twin of `activationBackward`.
public func activationBackwardReference(
  _ g: UnsafeMutablePointer<Float>, output y: UnsafePointer<Float>, count: Int, columns: Int,
  activation: ActivationFunction
) {
  switch activation {
  case .linear: return
  case .relu: for i in 0..<max(0, count) where y[i] <= 0 { g[i] = 0 }
  case .sigmoid: for i in 0..<max(0, count) { g[i] *= y[i] * (1 - y[i]) }
  case .tanh: for i in 0..<max(0, count) { g[i] *= 1 - y[i] * y[i] }
  case .softmax:
    for r in 0..<(max(0, count) / max(columns, 1)) {
      let gr = g + r * columns
      let yr = y + r * columns
      var dot: Float = 0
      for c in 0..<columns { dot += gr[c] * yr[c] }
      for c in 0..<columns { gr[c] = yr[c] * (gr[c] - dot) }
    }
  }
}
