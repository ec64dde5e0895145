/// Average pooling over NHWC batches, eight channels at a time; plain twins in
/// AvgPoolReference.swift.
///
/// The window geometry is a `ConvGeometry` (channels kept). Every window divides by its full
/// size `kernelHeight * kernelWidth`; cells in the padding add nothing (they count as zeros).
/// Each output sums its window in (ky, kx) order, so fast and reference agree bit for bit.

/// Average pooling forward: `output[b, oy, ox, c] = (sum over the window) * (1 / (kh kw))`.
///
/// Shapes: `input` is `batch x height x width x channels`, `output` is `batch x outHeight x
/// outWidth x channels`. Samples are split across `threads`.
public func avgPoolForward(
  _ g: ConvGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
  threads: Int
) {
  guard g.outHeight > 0, g.outWidth > 0, g.batch > 0 else { return }
  let imageSize = g.height * g.width * g.channels
  let outImageSize = g.outHeight * g.outWidth * g.channels
  let scale = 1 / Float(g.kernelHeight * g.kernelWidth)
  let workers = g.batch * imageSize < 1 << 15 ? 1 : max(1, min(threads, g.batch))
  parallelFor(workers, threads: workers) { worker in
    for b in evenSlice(g.batch, parts: workers, part: worker) {
      let image = input + b * imageSize
      var out = output + b * outImageSize
      for oy in 0..<g.outHeight {
        for ox in 0..<g.outWidth {
          var c = 0
          if g.windowInside(oy: oy, ox: ox) {
            let corner = g.windowCorner(oy: oy, ox: ox)
            while c + 8 <= g.channels {
              var sum = Float8()
              for ky in 0..<g.kernelHeight {
                for kx in 0..<g.kernelWidth {
                  sum += load8(image + corner + (ky * g.width + kx) * g.channels + c)
                }
              }
              store8(sum * scale, out + c)
              c += 8
            }
          }
          while c < g.channels {
            out[c] = avgPoolWindowSum(g, image: image, oy: oy, ox: ox, c: c) * scale
            c += 1
          }
          out += g.channels
        }
      }
    }
  }
}

/// Average pooling backward: `gradInput` (NHWC, overwritten) is 0, then every in-image cell
/// of window `o` gets `gradOutput[o] * (1 / (kh kw))` added, windows in output order.
public func avgPoolBackward(
  _ g: ConvGeometry, gradOutput: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>,
  threads: Int
) {
  guard g.batch > 0 else { return }
  let imageSize = g.height * g.width * g.channels
  let outImageSize = max(0, g.outHeight) * max(0, g.outWidth) * g.channels
  let scale = 1 / Float(g.kernelHeight * g.kernelWidth)
  let workers = g.batch * imageSize < 1 << 15 ? 1 : max(1, min(threads, g.batch))
  parallelFor(workers, threads: workers) { worker in
    for b in evenSlice(g.batch, parts: workers, part: worker) {
      let dx = gradInput + b * imageSize
      VectorLoops.zero(dx, imageSize)
      var dy = gradOutput + b * outImageSize
      for oy in 0..<max(0, g.outHeight) {
        for ox in 0..<max(0, g.outWidth) {
          var c = 0
          if g.windowInside(oy: oy, ox: ox) {
            let corner = g.windowCorner(oy: oy, ox: ox)
            while c + 8 <= g.channels {
              let share = load8(dy + c) * scale
              for ky in 0..<g.kernelHeight {
                for kx in 0..<g.kernelWidth {
                  let cell = dx + corner + (ky * g.width + kx) * g.channels + c
                  store8(load8(cell) + share, cell)
                }
              }
              c += 8
            }
          }
          while c < g.channels {
            avgPoolSpread(g, share: dy[c] * scale, gradImage: dx, oy: oy, ox: ox, c: c)
            c += 1
          }
          dy += g.channels
        }
      }
    }
  }
}
