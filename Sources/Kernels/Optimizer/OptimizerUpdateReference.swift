/// The plain reference twins of the optimiser updates, one parameter at a time.

/// Reference twin of `sgdUpdate`.
public func sgdUpdateReference(
  _ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, count: Int,
  learningRate lr: Float
) {
  for i in 0..<max(0, count) { w[i] = w[i] - lr * g[i] }
}

/// Reference twin of `momentumUpdate`.
public func momentumUpdateReference(
  _ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
  velocity v: UnsafeMutablePointer<Float>, count: Int, learningRate lr: Float, momentum mu: Float
) {
  for i in 0..<max(0, count) {
    v[i] = mu * v[i] - lr * g[i]
    w[i] = w[i] + v[i]
  }
}

/// Reference twin of `adamUpdate`.
public func adamUpdateReference(
  _ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
  firstMoment m: UnsafeMutablePointer<Float>, secondMoment v: UnsafeMutablePointer<Float>,
  count: Int, correctedRate lrT: Float, beta1 b1: Float, beta2 b2: Float, epsilon eps: Float
) {
  for i in 0..<max(0, count) {
    m[i] = b1 * m[i] + (1 - b1) * g[i]
    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
    w[i] = w[i] - lrT * m[i] / (v[i].squareRoot() + eps)
  }
}
