/// Max-pool backward with the ReLU of the layer below folded in.
///
/// When the layer below a max pool ends in ReLU (and shows its raw output to the pool), the
/// gradient reaching the ReLU is nonzero only at argmax positions, where the ReLU output is
/// the pooled value itself: so `relu'` there is `pooled > 0`. Masking the pool's output
/// gradient by `pooled > 0` and skipping the ReLU backward of the layer below gives exactly
/// the same values, with one pass over the (large) input gradient instead of three (zero,
/// scatter, mask).
extension Pooling {
  /// For samples `samples` (NHWC, per-sample counts `inCount`, `outCount`): `dx = 0` except
  /// `dx[argmax[o]] += g[o]`, where `g[o]` counts as 0 when `reluMask` and `y[o] <= 0`
  /// (`g` may be overwritten). `size`/`stride` are the pool's window and step.
  static func maxBackwardMasked(
    _ g: UnsafeMutablePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
    output y: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, samples: Range<Int>,
    inShape: [Int], outShape: [Int], size: Int, stride: Int, reluMask: Bool
  ) {
    let inCount = inShape.reduce(1, *)
    let outCount = outShape.reduce(1, *)
    let (h, w, c) = (inShape[0], inShape[1], inShape[2])
    let (oh, ow) = (outShape[0], outShape[1])
    guard stride == size, c % 8 == 0 else {
      if reluMask {
        let start = samples.lowerBound * outCount
        for o in start..<(samples.upperBound * outCount) where y[o] <= 0 { g[o] = 0 }
      }
      maxBackward(g, dx, argmax: argmax, samples: samples, inCount: inCount, outCount: outCount)
      return
    }
    // Windows tile the input without overlap: every covered input element is written once,
    // with the gradient where it was the window's argmax and 0 elsewhere.
    let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
    let zero = SIMD8<Float>(repeating: 0)
    for b in samples {
      let base = dx + b * inCount
      var o = b * outCount
      for oy in 0..<oh {
        for ox in 0..<ow {
          let corner = (oy * stride * w + ox * stride) * c
          for ch in Swift.stride(from: 0, to: c, by: 8) {
            var gv = UnsafeRawPointer(g + o).loadUnaligned(as: SIMD8<Float>.self)
            if reluMask {
              let yv = UnsafeRawPointer(y + o).loadUnaligned(as: SIMD8<Float>.self)
              gv.replace(with: zero, where: yv .<= zero)
            }
            let av = UnsafeRawPointer(argmax + o).loadUnaligned(as: SIMD8<Int32>.self)
            for ky in 0..<size {
              for kx in 0..<size {
                let i = corner + (ky * w + kx) * c + ch
                var v = zero
                v.replace(with: gv, where: av .== SIMD8<Int32>(repeating: Int32(i)) &+ lanes)
                UnsafeMutableRawPointer(base + i).storeBytes(of: v, as: SIMD8<Float>.self)
              }
            }
            o += 8
          }
        }
      }
      // Rows and columns past the last whole window get no gradient.
      for row in 0..<h {
        let first = row < oh * size ? ow * size : 0
        if first < w { (base + (row * w + first) * c).update(repeating: 0, count: (w - first) * c) }
      }
    }
  }
}
