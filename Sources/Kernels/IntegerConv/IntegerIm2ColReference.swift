/// The plain reference twin of `int8Im2col`: one element at a time.
public func int8Im2colReference(
  _ g: ConvGeometry, input: UnsafePointer<Int8>, zeroPoint: Int8,
  columns: UnsafeMutablePointer<Int8>
) throws(IntegerKernelError) {
  try validateGeometry("int8Im2colReference", g)
  var index = 0
  for b in 0..<g.batch {
    for oy in 0..<g.outHeight {
      for ox in 0..<g.outWidth {
        for ky in 0..<g.kernelHeight {
          for kx in 0..<g.kernelWidth {
            let y = oy * g.strideY + ky - g.padTop
            let x = ox * g.strideX + kx - g.padLeft
            let inside = y >= 0 && y < g.height && x >= 0 && x < g.width
            for ch in 0..<g.channels {
              columns[index] =
                inside ? input[((b * g.height + y) * g.width + x) * g.channels + ch] : zeroPoint
              index += 1
            }
          }
        }
      }
    }
  }
}
