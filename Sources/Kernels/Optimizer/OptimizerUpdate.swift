/// Parameter updates of the optimisers, eight parameters at a time; plain twins in
/// OptimizerUpdateReference.swift. Each parameter takes exactly the operations of its
/// reference twin (no fused multiply-add), so the two agree bit for bit.

/// Gradient descent step: `w[i] -= lr * g[i]`.
public func sgdUpdate(
  _ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, count: Int,
  learningRate lr: Float
) {
  var i = 0
  while i + 8 <= count {
    store8(load8(w + i) - lr * load8(g + i), w + i)
    i += 8
  }
  while i < count {
    w[i] -= lr * g[i]
    i += 1
  }
}

/// Momentum step (Keras form): `v[i] = mu v[i] - lr g[i]; w[i] += v[i]`.
public func momentumUpdate(
  _ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
  velocity v: UnsafeMutablePointer<Float>, count: Int, learningRate lr: Float, momentum mu: Float
) {
  var i = 0
  while i + 8 <= count {
    let velocity = mu * load8(v + i) - lr * load8(g + i)
    store8(velocity, v + i)
    store8(load8(w + i) + velocity, w + i)
    i += 8
  }
  while i < count {
    v[i] = mu * v[i] - lr * g[i]
    w[i] += v[i]
    i += 1
  }
}

/// Adam step with the bias correction folded into `lrT = lr sqrt(1 - b2^t) / (1 - b1^t)`:
/// `m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g g; w -= lrT m / (sqrt(v) + eps)`.
public func adamUpdate(
  _ w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
  firstMoment m: UnsafeMutablePointer<Float>, secondMoment v: UnsafeMutablePointer<Float>,
  count: Int, correctedRate lrT: Float, beta1 b1: Float, beta2 b2: Float, epsilon eps: Float
) {
  var i = 0
  while i + 8 <= count {
    let gv = load8(g + i)
    let mv = b1 * load8(m + i) + (1 - b1) * gv
    let vv = b2 * load8(v + i) + (1 - b2) * gv * gv
    store8(mv, m + i)
    store8(vv, v + i)
    store8(load8(w + i) - lrT * mv / (vv.squareRoot() + eps), w + i)
    i += 8
  }
  while i < count {
    m[i] = b1 * m[i] + (1 - b1) * g[i]
    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
    w[i] -= lrT * m[i] / (v[i].squareRoot() + eps)
    i += 1
  }
}
