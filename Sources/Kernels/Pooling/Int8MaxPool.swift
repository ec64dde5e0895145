/// Max pooling over an NHWC int8 batch: `out[b, oy, ox, c] = max over the window of in`.
///
/// Shapes: `input` is `batch x height x width x channels`; `output` is
/// `batch x outHeight x outWidth x channels`, with the window `kernelHeight x kernelWidth`
/// and strides of `g`. Padding cells are skipped (never part of the max). Max commutes with
/// the monotone affine map of quantization, so the output keeps the input's scale and zero
/// point. Sixteen channels at a time in SIMD.
public func int8MaxPool(
  _ g: ConvGeometry, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>
) throws(IntegerKernelError) {
  try validateGeometry("int8MaxPool", g)
  let c = g.channels
  let vectorChannels = c / 16 * 16
  var out = output
  for b in 0..<g.batch {
    for oy in 0..<g.outHeight {
      let y0 = oy * g.strideY - g.padTop
      let ys = max(0, y0)..<min(g.height, y0 + g.kernelHeight)
      for ox in 0..<g.outWidth {
        let x0 = ox * g.strideX - g.padLeft
        let xs = max(0, x0)..<min(g.width, x0 + g.kernelWidth)
        var ch = 0
        while ch < vectorChannels {
          var best = SIMD16<Int8>(repeating: .min)
          for y in ys {
            for x in xs {
              let cell = input + ((b * g.height + y) * g.width + x) * c + ch
              best = pointwiseMax(best, UnsafeRawPointer(cell).loadUnaligned(as: SIMD16<Int8>.self))
            }
          }
          UnsafeMutableRawPointer(out + ch).storeBytes(of: best, as: SIMD16<Int8>.self)
          ch += 16
        }
        for ch in vectorChannels..<c {
          var best = Int8.min
          for y in ys {
            for x in xs { best = max(best, input[((b * g.height + y) * g.width + x) * c + ch]) }
          }
          out[ch] = best
        }
        out += c
      }
    }
  }
}
