/// Max pooling over NHWC batches, forward with argmax and backward, beside plain references.
///
/// The window geometry is a `ConvGeometry` (channels kept: the output is `batch x outHeight x
/// outWidth x channels`). Window positions in the padding are skipped, never chosen. Ties keep
/// the first maximum in (ky, kx) order. `argmax` holds, per output element, the index of the
/// chosen input element within its image, `(y * width + x) * channels + c`, or -1 when the
/// window lies wholly in the padding (the output is then 0 and no gradient flows).

/// Max pooling forward: `output[b, oy, ox, c] = max` over the window, and its position.
public func maxPoolForward(
  _ g: ConvGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
  argmax: UnsafeMutablePointer<Int32>, threads: Int = ComputeThreads.default
) {
  guard g.outHeight > 0, g.outWidth > 0, g.batch > 0 else { return }
  let imageSize = g.height * g.width * g.channels
  let outImageSize = g.outHeight * g.outWidth * g.channels
  let workers = g.batch * outImageSize < 1 << 15 ? 1 : max(1, min(threads, g.batch))
  let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
  parallelFor(workers, threads: workers) { worker in
    for b in evenSlice(g.batch, parts: workers, part: worker) {
      let image = input + b * imageSize
      var out = b * outImageSize
      for oy in 0..<g.outHeight {
        for ox in 0..<g.outWidth {
          var c = 0
          // Eight channels at a time: compare, keep the larger value and its index.
          while c + 8 <= g.channels {
            var best = Float8()
            var where_ = SIMD8<Int32>(repeating: -1)
            var first = true
            for ky in 0..<g.kernelHeight {
              let y = oy * g.strideY + ky - g.padTop
              if y < 0 || y >= g.height { continue }
              for kx in 0..<g.kernelWidth {
                let x = ox * g.strideX + kx - g.padLeft
                if x < 0 || x >= g.width { continue }
                let offset = (y * g.width + x) * g.channels + c
                let v = load8(image + offset)
                let index = SIMD8<Int32>(repeating: Int32(offset)) &+ lanes
                if first {
                  best = v
                  where_ = index
                  first = false
                } else {
                  let larger = v .> best
                  best.replace(with: v, where: larger)
                  where_.replace(with: index, where: larger)
                }
              }
            }
            store8(best, output + out + c)
            UnsafeMutableRawPointer(argmax + out + c).storeBytes(of: where_, as: SIMD8<Int32>.self)
            c += 8
          }
          while c < g.channels {
            let (value, index) = maxPoolWindow(g, image: image, oy: oy, ox: ox, c: c)
            output[out + c] = value
            argmax[out + c] = index
            c += 1
          }
          out += g.channels
        }
      }
    }
  }
}

/// The maximum of one window for one channel, and its index (scalar; shared with the reference).
@inline(__always)
func maxPoolWindow(
  _ g: ConvGeometry, image: UnsafePointer<Float>, oy: Int, ox: Int, c: Int
) -> (Float, Int32) {
  var best: Float = 0
  var index: Int32 = -1
  for ky in 0..<g.kernelHeight {
    let y = oy * g.strideY + ky - g.padTop
    if y < 0 || y >= g.height { continue }
    for kx in 0..<g.kernelWidth {
      let x = ox * g.strideX + kx - g.padLeft
      if x < 0 || x >= g.width { continue }
      let offset = (y * g.width + x) * g.channels + c
      if index < 0 || image[offset] > best {
        best = image[offset]
        index = Int32(offset)
      }
    }
  }
  return (best, index)
}

/// Reference twin of `maxPoolForward`.
public func maxPoolForwardReference(
  _ g: ConvGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
  argmax: UnsafeMutablePointer<Int32>
) {
  guard g.outHeight > 0, g.outWidth > 0 else { return }
  var out = 0
  for b in 0..<max(0, g.batch) {
    let image = input + b * g.height * g.width * g.channels
    for oy in 0..<g.outHeight {
      for ox in 0..<g.outWidth {
        for c in 0..<g.channels {
          (output[out], argmax[out]) = maxPoolWindow(g, image: image, oy: oy, ox: ox, c: c)
          out += 1
        }
      }
    }
  }
}

/// Max pooling backward: `gradInput` (NHWC, overwritten) gets each output gradient added at
/// the position its `argmax` names, in output order (bit-identical to the reference).
public func maxPoolBackward(
  _ g: ConvGeometry, gradOutput: UnsafePointer<Float>, argmax: UnsafePointer<Int32>,
  gradInput: UnsafeMutablePointer<Float>, threads: Int = ComputeThreads.default
) {
  let imageSize = g.height * g.width * g.channels
  let outImageSize = max(0, g.outHeight) * max(0, g.outWidth) * g.channels
  guard g.batch > 0 else { return }
  let workers = g.batch * imageSize < 1 << 15 ? 1 : max(1, min(threads, g.batch))
  parallelFor(workers, threads: workers) { worker in
    for b in evenSlice(g.batch, parts: workers, part: worker) {
      let dx = gradInput + b * imageSize
      VectorLoops.zero(dx, imageSize)
      let base = b * outImageSize
      for o in 0..<outImageSize where argmax[base + o] >= 0 {
        dx[Int(argmax[base + o])] += gradOutput[base + o]
      }
    }
  }
}

/// Reference twin of `maxPoolBackward`.
public func maxPoolBackwardReference(
  _ g: ConvGeometry, gradOutput: UnsafePointer<Float>, argmax: UnsafePointer<Int32>,
  gradInput: UnsafeMutablePointer<Float>
) {
  let imageSize = g.height * g.width * g.channels
  let outImageSize = max(0, g.outHeight) * max(0, g.outWidth) * g.channels
  gradInput.update(repeating: 0, count: max(0, g.batch) * imageSize)
  for b in 0..<max(0, g.batch) {
    for o in 0..<outImageSize where argmax[b * outImageSize + o] >= 0 {
      gradInput[b * imageSize + Int(argmax[b * outImageSize + o])] += gradOutput[b * outImageSize + o]
    }
  }
}
