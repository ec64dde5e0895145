/// The plain reference twin of `int8Im2col`: one element at a time.
public func int8Im2colReference(
  _ g: ConvGeometry, input: UnsafePointer<Int8>, zeroPoint: Int8,
  columns: UnsafeMutablePointer<Int8>
) throws(IntegerKernelError) {
  try validateGeometry("int8Im2colReference", g)
  g.forEachPatchElement { index, source in
    columns[index] = source.map { input[$0] } ?? zeroPoint
  }
}
