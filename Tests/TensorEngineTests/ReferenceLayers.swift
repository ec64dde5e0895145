import Foundation
import Kernels

@testable import TensorEngine

/// Plain Double implementations of every layer's forward pass (training mode), used as the
/// function whose finite differences check the engine's backward passes.
enum ReferenceLayers {
  /// Forward of `kind` on one batch `x` (`n x inShape`), with weights `w` and bias `b`.
  static func forward(
    _ kind: LayerKind, _ x: [Double], n: Int, inShape: [Int], outShape: [Int], w: [Double],
    b: [Double]
  ) -> [Double] {
    let outCount = outShape.reduce(1, *)
    let inCount = inShape.reduce(1, *)
    var y = [Double](repeating: 0, count: n * outCount)
    switch kind {
    case .conv2d(let filters, let k, let stride, let padding, let act):
      let (h, wd, c) = (inShape[0], inShape[1], inShape[2])
      let (top, left, _, _) = padding.amounts(height: h, width: wd, kernel: k, stride: stride)
      for s in 0..<n {
        for oy in 0..<outShape[0] {
          for ox in 0..<outShape[1] {
            for f in 0..<filters {
              var sum = b[f]
              for ky in 0..<k {
                for kx in 0..<k {
                  let iy = oy * stride + ky - top
                  let ix = ox * stride + kx - left
                  guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                  for ch in 0..<c {
                    sum +=
                      x[s * inCount + (iy * wd + ix) * c + ch]
                      * w[((ky * k + kx) * c + ch) * filters + f]
                  }
                }
              }
              y[s * outCount + (oy * outShape[1] + ox) * filters + f] = sum
            }
          }
        }
      }
      activate(&y, act, cols: filters)
    case .dense(let units, let act):
      for s in 0..<n {
        for u in 0..<units {
          var sum = b[u]
          for i in 0..<inCount { sum += x[s * inCount + i] * w[i * units + u] }
          y[s * units + u] = sum
        }
      }
      activate(&y, act, cols: units)
    case .maxPool(let size, let stride), .avgPool(let size, let stride):
      let (wd, c) = (inShape[1], inShape[2])
      var isMax = false
      if case .maxPool = kind { isMax = true }
      for s in 0..<n {
        for oy in 0..<outShape[0] {
          for ox in 0..<outShape[1] {
            for ch in 0..<c {
              var acc = isMax ? -Double.infinity : 0
              for ky in 0..<size {
                for kx in 0..<size {
                  let v = x[s * inCount + ((oy * stride + ky) * wd + ox * stride + kx) * c + ch]
                  acc = isMax ? max(acc, v) : acc + v
                }
              }
              y[s * outCount + (oy * outShape[1] + ox) * c + ch] =
                isMax ? acc : acc / Double(size * size)
            }
          }
        }
      }
    case .flatten, .dropout:
      y = x
    case .batchNorm(_, let eps):
      let c = outShape[outShape.count - 1]
      let rows = n * outCount / c
      for ch in 0..<c {
        var mean = 0.0
        var variance = 0.0
        for r in 0..<rows { mean += x[r * c + ch] }
        mean /= Double(rows)
        for r in 0..<rows { variance += (x[r * c + ch] - mean) * (x[r * c + ch] - mean) }
        variance /= Double(rows)
        for r in 0..<rows {
          y[r * c + ch] =
            w[ch] * (x[r * c + ch] - mean) / (variance + Double(eps)).squareRoot() + b[ch]
        }
      }
    case .activation(let act):
      y = x
      activate(&y, act, cols: outShape[outShape.count - 1])
    case .embedding(let vocabulary, let width):
      // x holds token indices; out-of-range tokens read row 1 (as the engine does).
      for p in 0..<(n * inCount) {
        let token = Int(x[p])
        let row = token >= 0 && token < vocabulary ? token : 1
        for j in 0..<width { y[p * width + j] = w[row * width + j] }
      }
    case .recurrent(let cell, let units):
      // Every sequence read to its full length (the lengths come from the tokens, which this
      // layer-by-layer reference does not see; SequenceGradientTests covers masking).
      let weights = RecurrentBackwardReference.Weights(
        cell: cell, inputWidth: inShape[1], hidden: units, packed: w, bias: b)
      for s in 0..<n {
        let state = RecurrentBackwardReference.lastState(
          weights, inputs: Array(x[(s * inCount)..<((s + 1) * inCount)]), length: inShape[0])
        for j in 0..<units { y[s * units + j] = state[j] }
      }
    }
    return y
  }

  static func activate(_ y: inout [Double], _ act: Activation, cols: Int) {
    switch act {
    case .linear: break
    case .relu: y = y.map { max(0, $0) }
    case .sigmoid: y = y.map { 1 / (1 + exp(-$0)) }
    case .tanh: y = y.map { tanh($0) }
    case .softmax:
      for r in 0..<(y.count / cols) {
        let row = y[(r * cols)..<((r + 1) * cols)]
        let peak = row.max()!
        let e = row.map { exp($0 - peak) }
        let sum = e.reduce(0, +)
        for c in 0..<cols { y[r * cols + c] = e[c] / sum }
      }
    }
  }

  /// Relative error `|a - b| / max(|a| + |b|, tiny)` of two vectors (2-norms).
  static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    var diff = 0.0
    var na = 0.0
    var nb = 0.0
    for (p, q) in zip(a, b) {
      diff += (p - q) * (p - q)
      na += p * p
      nb += q * q
    }
    return diff.squareRoot() / max(na.squareRoot() + nb.squareRoot(), 1e-12)
  }
}
