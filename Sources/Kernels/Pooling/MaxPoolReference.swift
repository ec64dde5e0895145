/// The plain reference twins of the max-pooling kernels, one element at a time.

/// The maximum of one window for one channel, and its index (scalar; shared with the reference).
@inline(__always)
func maxPoolWindow(
  _ g: ConvGeometry, image: UnsafePointer<Float>, oy: Int, ox: Int, c: Int
) -> (Float, Int32) {
  var best: Float = 0
  var index: Int32 = -1
  g.forEachWindowCell(oy: oy, ox: ox) { cell in
    let offset = cell + c
    if index < 0 || image[offset] > best {
      best = image[offset]
      index = Int32(offset)
    }
  }
  return (best, index)
}

/// Reference twin of `maxPoolForward`.
public func maxPoolForwardReference(
  _ g: ConvGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
  argmax: UnsafeMutablePointer<Int32>
) {
  let imageSize = g.height * g.width * g.channels
  g.forEachOutputElement { b, oy, ox, c, o in
    (output[o], argmax[o]) = maxPoolWindow(g, image: input + b * imageSize, oy: oy, ox: ox, c: c)
  }
}

/// Reference twin of `maxPoolBackward`.
public func maxPoolBackwardReference(
  _ g: ConvGeometry, gradOutput: UnsafePointer<Float>, argmax: UnsafePointer<Int32>,
  gradInput: UnsafeMutablePointer<Float>
) {
  let imageSize = g.height * g.width * g.channels
  let outImageSize = max(0, g.outHeight) * max(0, g.outWidth) * g.channels
  gradInput.update(repeating: 0, count: max(0, g.batch) * imageSize)
  for b in 0..<max(0, g.batch) {
    for o in 0..<outImageSize where argmax[b * outImageSize + o] >= 0 {
      gradInput[b * imageSize + Int(argmax[b * outImageSize + o])] +=
        gradOutput[b * outImageSize + o]
    }
  }
}

/// Reference twin of `maxPoolReLUBackward`: `gradOutput[o]` zeroed where `pooled[o] <= 0`,
/// then `maxPoolBackwardReference` (`gradOutput` itself is left alone).
public func maxPoolReLUBackwardReference(
  _ g: ConvGeometry, gradOutput: UnsafePointer<Float>, pooled: UnsafePointer<Float>,
  argmax: UnsafePointer<Int32>, gradInput: UnsafeMutablePointer<Float>
) {
  let outCount = max(0, g.batch) * max(0, g.outHeight) * max(0, g.outWidth) * g.channels
  let masked = (0..<outCount).map { pooled[$0] <= 0 ? 0 : gradOutput[$0] }
  maxPoolBackwardReference(g, gradOutput: masked, argmax: argmax, gradInput: gradInput)
}
