/// Max and average pooling over NHWC batches, valid padding.
///
/// Shapes: input `batch x H x W x C`, output `batch x H' x W' x C` with
/// `H' = (H - size) / stride + 1`.
enum Pooling {
  /// `y[b, oy, ox, c] = max over the window`; `argmax` records the input index chosen within
  /// the sample (the first maximum in window order), for the backward pass.
  static func maxForward(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
    argmax: UnsafeMutablePointer<Int32>, batch: Int, inShape: [Int], outShape: [Int],
    size: Int, stride: Int
  ) {
    let (h, w, c) = (inShape[0], inShape[1], inShape[2])
    let (oh, ow) = (outShape[0], outShape[1])
    if c % 8 == 0 {
      maxForwardVector(
        x, y, argmax: argmax, batch: batch, h: h, w: w, c: c, oh: oh, ow: ow, size: size,
        stride: stride)
      return
    }
    var o = 0
    for b in 0..<batch {
      for oy in 0..<oh {
        for ox in 0..<ow {
          let corner = ((b * h + oy * stride) * w + ox * stride) * c
          for ch in 0..<c {
            var bestIndex = corner + ch
            var best = x[bestIndex]
            for ky in 0..<size {
              for kx in 0..<size {
                let i = corner + (ky * w + kx) * c + ch
                if x[i] > best {
                  best = x[i]
                  bestIndex = i
                }
              }
            }
            y[o] = best
            argmax[o] = Int32(bestIndex - b * h * w * c)
            o += 1
          }
        }
      }
    }
  }

  /// `maxForward` for `c % 8 == 0`: eight channels at a time, same results (the first maximum
  /// in window order wins, as strict `>` keeps the earlier index on ties).
  private static func maxForwardVector(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
    argmax: UnsafeMutablePointer<Int32>, batch: Int, h: Int, w: Int, c: Int, oh: Int, ow: Int,
    size: Int, stride: Int
  ) {
    let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
    var o = 0
    for b in 0..<batch {
      for oy in 0..<oh {
        for ox in 0..<ow {
          let corner = ((b * h + oy * stride) * w + ox * stride) * c
          for ch in Swift.stride(from: 0, to: c, by: 8) {
            var best = UnsafeRawPointer(x + corner + ch).loadUnaligned(as: SIMD8<Float>.self)
            var index = SIMD8<Int32>(repeating: Int32(corner + ch)) &+ lanes
            for ky in 0..<size {
              for kx in 0..<size {
                let i = corner + (ky * w + kx) * c + ch
                let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
                let greater = v .> best
                best.replace(with: v, where: greater)
                index.replace(with: SIMD8<Int32>(repeating: Int32(i)) &+ lanes, where: greater)
              }
            }
            UnsafeMutableRawPointer(y + o).storeBytes(of: best, as: SIMD8<Float>.self)
            index &-= SIMD8<Int32>(repeating: Int32(b * h * w * c))
            UnsafeMutableRawPointer(argmax + o).storeBytes(of: index, as: SIMD8<Int32>.self)
            o += 8
          }
        }
      }
    }
  }

  /// For each sample `b`: `dx[b] = 0`, then `dx[b][argmax[o]] += g[o]` over its outputs.
  static func maxBackward(
    _ g: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
    argmax: UnsafePointer<Int32>, samples: Range<Int>, inCount: Int, outCount: Int
  ) {
    for b in samples {
      let base = dx + b * inCount
      base.update(repeating: 0, count: inCount)
      for o in (b * outCount)..<((b + 1) * outCount) { base[Int(argmax[o])] += g[o] }
    }
  }

  /// `y[b, oy, ox, c] = mean over the window`.
  static func averageForward(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int, inShape: [Int],
    outShape: [Int], size: Int, stride: Int
  ) {
    let (h, w, c) = (inShape[0], inShape[1], inShape[2])
    let (oh, ow) = (outShape[0], outShape[1])
    let scale = 1 / Float(size * size)
    var o = 0
    for b in 0..<batch {
      for oy in 0..<oh {
        for ox in 0..<ow {
          let corner = ((b * h + oy * stride) * w + ox * stride) * c
          for ch in 0..<c {
            var sum: Float = 0
            for ky in 0..<size {
              for kx in 0..<size { sum += x[corner + (ky * w + kx) * c + ch] }
            }
            y[o] = sum * scale
            o += 1
          }
        }
      }
    }
  }

  /// `dx = 0`, then every window cell gets `g / (size * size)` added.
  static func averageBackward(
    _ g: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, batch: Int, inShape: [Int],
    outShape: [Int], size: Int, stride: Int
  ) {
    let (h, w, c) = (inShape[0], inShape[1], inShape[2])
    let (oh, ow) = (outShape[0], outShape[1])
    let scale = 1 / Float(size * size)
    dx.update(repeating: 0, count: batch * h * w * c)
    var o = 0
    for b in 0..<batch {
      for oy in 0..<oh {
        for ox in 0..<ow {
          let corner = ((b * h + oy * stride) * w + ox * stride) * c
          for ch in 0..<c {
            let share = g[o] * scale
            for ky in 0..<size {
              for kx in 0..<size { dx[corner + (ky * w + kx) * c + ch] += share }
            }
            o += 1
          }
        }
      }
    }
  }
}
