/// The plain reference twin of `int8MaxPool`: one element at a time.
public func int8MaxPoolReference(
  _ g: ConvGeometry, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>
) throws(IntegerKernelError) {
  try validateGeometry("int8MaxPoolReference", g)
  var index = 0
  for b in 0..<g.batch {
    let image = input + b * g.height * g.width * g.channels
    for oy in 0..<g.outHeight {
      for ox in 0..<g.outWidth {
        for ch in 0..<g.channels {
          var best = Int8.min
          g.forEachWindowCell(oy: oy, ox: ox) { best = max(best, image[$0 + ch]) }
          output[index] = best
          index += 1
        }
      }
    }
  }
}
