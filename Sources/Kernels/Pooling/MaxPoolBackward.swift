/// Max pooling backward, fast paths: a scatter through `argmax`, or, for windows that tile the
/// image without overlap, one direct write per input element. Plain twins in
/// MaxPoolReference.swift.

/// Max pooling backward: `gradInput` (NHWC, overwritten) gets each output gradient added at
/// the position its `argmax` names, in output order.
///
/// Samples are split across `threads` (whole images each). Equal to
/// `maxPoolBackwardReference`; bit-identical except that a `-0` gradient at an argmax stays
/// `-0` on the tiling path where the reference's `0 + (-0)` gives `+0`.
public func maxPoolBackward(
  _ g: ConvGeometry, gradOutput: UnsafePointer<Float>, argmax: UnsafePointer<Int32>,
  gradInput: UnsafeMutablePointer<Float>, threads: Int
) {
  maxPoolBackwardSamples(
    g, gradOutput: UnsafeMutablePointer(mutating: gradOutput), pooled: nil, argmax: argmax,
    gradInput: gradInput, threads: threads)
}

/// Max pooling backward with the ReLU of the layer below folded in.
///
/// When the layer below ends in ReLU and the pool sees its raw output, the gradient reaching
/// the ReLU is nonzero only at argmax positions, where the ReLU output is the pooled value:
/// so `relu'` there is `pooled > 0`. This is `maxPoolBackward` with `gradOutput[o]` counted
/// as 0 wherever `pooled[o] <= 0`; `gradOutput` may be overwritten (zeroed there). Shapes:
/// `pooled` and `gradOutput` are the pool's output, `batch x outHeight x outWidth x channels`.
public func maxPoolReLUBackward(
  _ g: ConvGeometry, gradOutput: UnsafeMutablePointer<Float>, pooled: UnsafePointer<Float>,
  argmax: UnsafePointer<Int32>, gradInput: UnsafeMutablePointer<Float>, threads: Int
) {
  maxPoolBackwardSamples(
    g, gradOutput: gradOutput, pooled: pooled, argmax: argmax, gradInput: gradInput,
    threads: threads)
}

/// Whether `g`'s windows tile the image without overlap or padding, eight channels at a time:
/// every input element then lies in at most one window.
func maxPoolTiles(_ g: ConvGeometry) -> Bool {
  g.padTop == 0 && g.padLeft == 0 && g.strideY == g.kernelHeight
    && g.strideX == g.kernelWidth && g.channels % 8 == 0
    && g.outHeight * g.kernelHeight <= g.height && g.outWidth * g.kernelWidth <= g.width
}

/// Both backward kernels: samples split across threads, each by the tiling path or the scatter.
func maxPoolBackwardSamples(
  _ g: ConvGeometry, gradOutput: UnsafeMutablePointer<Float>, pooled: UnsafePointer<Float>?,
  argmax: UnsafePointer<Int32>, gradInput: UnsafeMutablePointer<Float>, threads: Int
) {
  let imageSize = g.height * g.width * g.channels
  let outImageSize = max(0, g.outHeight) * max(0, g.outWidth) * g.channels
  guard g.batch > 0 else { return }
  let workers = g.batch * imageSize < 1 << 15 ? 1 : max(1, min(threads, g.batch))
  let tiles = maxPoolTiles(g)
  parallelFor(workers, threads: workers) { worker in
    for b in evenSlice(g.batch, parts: workers, part: worker) {
      let dy = gradOutput + b * outImageSize
      let mask = pooled.map { $0 + b * outImageSize }
      let dx = gradInput + b * imageSize
      let indices = argmax + b * outImageSize
      if tiles {
        maxPoolBackwardTiled(g, gradOutput: dy, pooled: mask, argmax: indices, gradInput: dx)
      } else {
        if let mask {
          for o in 0..<outImageSize where mask[o] <= 0 { dy[o] = 0 }
        }
        VectorLoops.zero(dx, imageSize)
        for o in 0..<outImageSize where indices[o] >= 0 { dx[Int(indices[o])] += dy[o] }
      }
    }
  }
}

/// One image of the tiling path: each covered input element is written once, with the
/// gradient (masked by `pooled > 0` when `pooled` is given) where it was its window's argmax
/// and 0 elsewhere; rows and columns past the last whole window get 0.
@inline(__always)
func maxPoolBackwardTiled(
  _ g: ConvGeometry, gradOutput: UnsafePointer<Float>, pooled: UnsafePointer<Float>?,
  argmax: UnsafePointer<Int32>, gradInput dx: UnsafeMutablePointer<Float>
) {
  let (w, c) = (g.width, g.channels)
  let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
  let zero = Float8()
  var o = 0
  for oy in 0..<g.outHeight {
    for ox in 0..<g.outWidth {
      let corner = (oy * g.strideY * w + ox * g.strideX) * c
      for ch in stride(from: 0, to: c, by: 8) {
        var gv = load8(gradOutput + o)
        if let pooled { gv.replace(with: zero, where: load8(pooled + o) .<= zero) }
        let av = UnsafeRawPointer(argmax + o).loadUnaligned(as: SIMD8<Int32>.self)
        for ky in 0..<g.kernelHeight {
          for kx in 0..<g.kernelWidth {
            let i = corner + (ky * w + kx) * c + ch
            var v = zero
            v.replace(with: gv, where: av .== SIMD8<Int32>(repeating: Int32(i)) &+ lanes)
            store8(v, dx + i)
          }
        }
        o += 8
      }
    }
  }
  let coveredRows = g.outHeight * g.kernelHeight
  let coveredColumns = g.outWidth * g.kernelWidth
  for row in 0..<g.height {
    let first = row < coveredRows ? coveredColumns : 0
    if first < w { VectorLoops.zero(dx + (row * w + first) * c, (w - first) * c) }
  }
}
