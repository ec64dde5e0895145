/// The plain reference twin of `int8MaxPool`: one element at a time.
public func int8MaxPoolReference(
  _ g: ConvGeometry, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>
) throws(IntegerKernelError) {
  try validateGeometry("int8MaxPoolReference", g)
  let imageSize = g.height * g.width * g.channels
  g.forEachOutputElement { b, oy, ox, ch, o in
    var best = Int8.min
    g.forEachWindowCell(oy: oy, ox: ox) { best = max(best, input[b * imageSize + $0 + ch]) }
    output[o] = best
  }
}
