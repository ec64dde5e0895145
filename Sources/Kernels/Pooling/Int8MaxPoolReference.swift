/// The plain reference twin of `int8MaxPool`: one element at a time.
public func int8MaxPoolReference(
  _ g: ConvGeometry, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>
) throws(IntegerKernelError) {
  try validateGeometry("int8MaxPoolReference", g)
  var index = 0
  for b in 0..<g.batch {
    for oy in 0..<g.outHeight {
      for ox in 0..<g.outWidth {
        for ch in 0..<g.channels {
          var best = Int8.min
          for ky in 0..<g.kernelHeight {
            for kx in 0..<g.kernelWidth {
              let y = oy * g.strideY + ky - g.padTop
              let x = ox * g.strideX + kx - g.padLeft
              if y >= 0 && y < g.height && x >= 0 && x < g.width {
                best = max(best, input[((b * g.height + y) * g.width + x) * g.channels + ch])
              }
            }
          }
          output[index] = best
          index += 1
        }
      }
    }
  }
}
