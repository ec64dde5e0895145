/// Max pooling over NHWC batches, forward with argmax (fast path; the backward is in
/// MaxPoolBackward.swift, the plain twins in MaxPoolReference.swift).
///
/// The window geometry is a `ConvGeometry` (channels kept: the output is `batch x outHeight x
/// outWidth x channels`). Window positions in the padding are skipped, never chosen. Ties keep
/// the first maximum in (ky, kx) order. `argmax` holds, per output element, the index of the
/// chosen input element within its image, `(y * width + x) * channels + c`, or -1 when the
/// window lies wholly in the padding (the output is then 0 and no gradient flows).

/// Max pooling forward: `output[b, oy, ox, c] = max` over the window, and its position.
///
/// Eight channels at a time; samples are split across `threads`. Pooling only compares and
/// moves values, so the result is bit-identical to `maxPoolForwardReference`.
public func maxPoolForward(
  _ g: ConvGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
  argmax: UnsafeMutablePointer<Int32>, threads: Int
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
          let inside = g.windowInside(oy: oy, ox: ox)
          // Eight channels at a time: compare, keep the larger value and its index. Windows
          // wholly inside the image skip the per-position bounds checks.
          while inside && c + 8 <= g.channels {
            let corner = g.windowCorner(oy: oy, ox: ox) + c
            var best = load8(image + corner)
            var position = SIMD8<Int32>(repeating: Int32(corner)) &+ lanes
            for ky in 0..<g.kernelHeight {
              for kx in 0..<g.kernelWidth where ky != 0 || kx != 0 {
                let offset = corner + (ky * g.width + kx) * g.channels
                let v = load8(image + offset)
                let larger = v .> best
                best.replace(with: v, where: larger)
                position.replace(with: SIMD8(repeating: Int32(offset)) &+ lanes, where: larger)
              }
            }
            store8(best, output + out + c)
            UnsafeMutableRawPointer(argmax + out + c).storeBytes(
              of: position, as: SIMD8<Int32>.self)
            c += 8
          }
          while c + 8 <= g.channels {
            var best = Float8()
            var position = SIMD8<Int32>(repeating: -1)
            var first = true
            g.forEachWindowCell(oy: oy, ox: ox) { cell in
              let offset = cell + c
              let v = load8(image + offset)
              let index = SIMD8<Int32>(repeating: Int32(offset)) &+ lanes
              if first {
                (best, position, first) = (v, index, false)
              } else {
                let larger = v .> best
                best.replace(with: v, where: larger)
                position.replace(with: index, where: larger)
              }
            }
            store8(best, output + out + c)
            UnsafeMutableRawPointer(argmax + out + c).storeBytes(
              of: position, as: SIMD8<Int32>.self)
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
