/// The plain reference twins of `avgPoolForward` and `avgPoolBackward`, one element at a time.

/// The sum of window (oy, ox) of one image for channel `c`, in (ky, kx) order, skipping cells
/// in the padding (scalar; shared by the fast kernel's channel tail).
@inline(__always)
func avgPoolWindowSum(
  _ g: ConvGeometry, image: UnsafePointer<Float>, oy: Int, ox: Int, c: Int
) -> Float {
  var sum: Float = 0
  g.forEachWindowCell(oy: oy, ox: ox) { sum += image[$0 + c] }
  return sum
}

/// Adds `share` to every in-image cell of window (oy, ox) for channel `c`, in (ky, kx) order.
@inline(__always)
func avgPoolSpread(
  _ g: ConvGeometry, share: Float, gradImage: UnsafeMutablePointer<Float>, oy: Int, ox: Int,
  c: Int
) {
  g.forEachWindowCell(oy: oy, ox: ox) { gradImage[$0 + c] += share }
}

/// Reference twin of `avgPoolForward`.
public func avgPoolForwardReference(
  _ g: ConvGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
) {
  let imageSize = g.height * g.width * g.channels
  let scale = 1 / Float(g.kernelHeight * g.kernelWidth)
  g.forEachOutputElement { b, oy, ox, c, o in
    output[o] =
      avgPoolWindowSum(g, image: input + b * imageSize, oy: oy, ox: ox, c: c) * scale
  }
}

/// Reference twin of `avgPoolBackward`.
public func avgPoolBackwardReference(
  _ g: ConvGeometry, gradOutput: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>
) {
  let imageSize = g.height * g.width * g.channels
  gradInput.update(repeating: 0, count: max(0, g.batch) * imageSize)
  let scale = 1 / Float(g.kernelHeight * g.kernelWidth)
  g.forEachOutputElement { b, oy, ox, c, o in
    avgPoolSpread(
      g, share: gradOutput[o] * scale, gradImage: gradInput + b * imageSize, oy: oy, ox: ox,
      c: c)
  }
}
