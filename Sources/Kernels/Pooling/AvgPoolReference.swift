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
  guard g.outHeight > 0, g.outWidth > 0 else { return }
  let scale = 1 / Float(g.kernelHeight * g.kernelWidth)
  var out = 0
  for b in 0..<max(0, g.batch) {
    let image = input + b * g.height * g.width * g.channels
    for oy in 0..<g.outHeight {
      for ox in 0..<g.outWidth {
        for c in 0..<g.channels {
          output[out] = avgPoolWindowSum(g, image: image, oy: oy, ox: ox, c: c) * scale
          out += 1
        }
      }
    }
  }
}

/// Reference twin of `avgPoolBackward`.
public func avgPoolBackwardReference(
  _ g: ConvGeometry, gradOutput: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>
) {
  let imageSize = g.height * g.width * g.channels
  gradInput.update(repeating: 0, count: max(0, g.batch) * imageSize)
  let scale = 1 / Float(g.kernelHeight * g.kernelWidth)
  var o = 0
  for b in 0..<max(0, g.batch) {
    for oy in 0..<max(0, g.outHeight) {
      for ox in 0..<max(0, g.outWidth) {
        for c in 0..<g.channels {
          avgPoolSpread(
            g, share: gradOutput[o] * scale, gradImage: gradInput + b * imageSize, oy: oy,
            ox: ox, c: c)
          o += 1
        }
      }
    }
  }
}
