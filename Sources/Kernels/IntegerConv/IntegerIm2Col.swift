/// Checks that a convolution or pooling geometry describes at least one output pixel and
/// that no window lies wholly in the padding.
func validateGeometry(_ function: String, _ g: ConvGeometry) throws(IntegerKernelError) {
  try require(
    g.batch >= 0 && g.height >= 1 && g.width >= 1 && g.channels >= 1, function,
    "input \(g.batch)x\(g.height)x\(g.width)x\(g.channels)"
      + " must have positive height, width, channels"
  )
  try require(
    g.kernelHeight >= 1 && g.kernelWidth >= 1 && g.strideY >= 1 && g.strideX >= 1, function,
    "kernel \(g.kernelHeight)x\(g.kernelWidth) and strides \(g.strideY),\(g.strideX) must be >= 1")
  try require(
    g.padTop >= 0 && g.padLeft >= 0 && g.padTop < g.kernelHeight && g.padLeft < g.kernelWidth,
    function, "padding \(g.padTop),\(g.padLeft) must be >= 0 and smaller than the kernel")
  try require(
    g.outHeight >= 1 && g.outWidth >= 1, function,
    "the \(g.kernelHeight)x\(g.kernelWidth) window"
      + " does not fit in the padded \(g.height)x\(g.width) input"
  )
}

/// Unfolds NHWC int8 input patches into rows: `columns[(b, oy, ox), (ky, kx, c)]`.
///
/// Shapes: `input` is `batch x height x width x channels`; `columns` is
/// `patchCount x patchSize`, row-major. Padding positions hold `zeroPoint` (the input's zero
/// point, which represents real 0), so the GEMM's `a - zA` is 0 there. Copies each in-bounds
/// run of `kx` positions with one memory copy.
public func int8Im2col(
  _ g: ConvGeometry, input: UnsafePointer<Int8>, zeroPoint: Int8,
  columns: UnsafeMutablePointer<Int8>
) throws(IntegerKernelError) {
  try validateGeometry("int8Im2col", g)
  let c = g.channels
  let runLength = g.kernelWidth * c
  var out = columns
  for b in 0..<g.batch {
    for oy in 0..<g.outHeight {
      for ox in 0..<g.outWidth {
        let x0 = ox * g.strideX - g.padLeft
        let firstKx = max(0, -x0)
        let endKx = min(g.kernelWidth, g.width - x0)
        for ky in 0..<g.kernelHeight {
          let y = oy * g.strideY + ky - g.padTop
          if y < 0 || y >= g.height || endKx <= firstKx {
            out.update(repeating: zeroPoint, count: runLength)
          } else {
            out.update(repeating: zeroPoint, count: firstKx * c)
            let source = input + ((b * g.height + y) * g.width + x0 + firstKx) * c
            (out + firstKx * c).update(from: source, count: (endKx - firstKx) * c)
            (out + endKx * c).update(repeating: zeroPoint, count: (g.kernelWidth - endKx) * c)
          }
          out += runLength
        }
      }
    }
  }
}
