/// The plain reference twin of `im2col`.
public func im2colReference(
  _ g: ConvGeometry, input: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>
) {
  g.forEachPatchElement { index, source in columns[index] = source.map { input[$0] } ?? 0 }
}

/// The plain reference twin of `col2im`.
public func col2imReference(
  _ g: ConvGeometry, columns: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
) {
  output.update(repeating: 0, count: g.batch * g.height * g.width * g.channels)
  g.forEachPatchElement { index, source in
    if let source { output[source] += columns[index] }
  }
}
