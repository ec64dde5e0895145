/// The fast im2col / col2im behind the public functions in Im2Col.swift.
///
/// In NHWC the channels of one pixel, and the pixels of one image row, are contiguous, so for a
/// fixed output pixel and kernel row `ky` the `kernelWidth x channels` values a patch takes are
/// one contiguous run of the input (minus the columns that fall into the padding). Each run is
/// moved as one block copy (or added, for col2im) instead of element by element.

/// Unfolds NHWC input patches into rows, like `im2col(_:input:columns:)`, on up to `threads`
/// threads (each writes a fixed range of rows, so results never depend on the count).
public func im2col(
  _ g: ConvGeometry, input: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>,
  threads: Int
) {
  let rows = g.patchCount
  guard rows > 0, g.patchSize > 0 else { return }
  let workers = rows * g.patchSize < 1 << 16 ? 1 : max(1, min(threads, rows))
  parallelFor(workers, threads: workers) { worker in
    for row in evenSlice(rows, parts: workers, part: worker) {
      im2colRow(g, row: row, input: input, columns: columns + row * g.patchSize)
    }
  }
}

/// Writes one row of the column matrix: the patch under output pixel `row`.
@inline(__always)
func im2colRow(
  _ g: ConvGeometry, row: Int, input: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>
) {
  let ox = row % g.outWidth
  let oy = (row / g.outWidth) % g.outHeight
  let b = row / (g.outWidth * g.outHeight)
  let run = g.kernelWidth * g.channels
  let x0 = ox * g.strideX - g.padLeft
  // Kernel columns [kxLow, kxHigh) land inside the image; the rest read padding.
  let kxLow = max(0, -x0)
  let kxHigh = max(kxLow, min(g.kernelWidth, g.width - x0))
  var dst = columns
  for ky in 0..<g.kernelHeight {
    let y = oy * g.strideY + ky - g.padTop
    if y < 0 || y >= g.height || kxLow == kxHigh {
      VectorLoops.zero(dst, run)
    } else {
      let src = input + ((b * g.height + y) * g.width + x0 + kxLow) * g.channels
      VectorLoops.zero(dst, kxLow * g.channels)
      VectorLoops.copy(src, dst + kxLow * g.channels, (kxHigh - kxLow) * g.channels)
      VectorLoops.zero(dst + kxHigh * g.channels, (g.kernelWidth - kxHigh) * g.channels)
    }
    dst += run
  }
}

/// Folds rows back into an NHWC gradient, like `col2im(_:columns:output:)`, on up to
/// `threads` threads: each thread owns whole images of the batch, and every output element
/// receives its terms in the same order as in `col2imReference`, so the result is
/// bit-identical to the reference for any thread count.
public func col2im(
  _ g: ConvGeometry, columns: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
  threads: Int
) {
  let imageSize = g.height * g.width * g.channels
  let rowsPerImage = max(0, g.outHeight) * max(0, g.outWidth)
  let workers =
    g.patchCount * g.patchSize < 1 << 16 ? 1 : max(1, min(threads, g.batch))
  parallelFor(workers, threads: workers) { worker in
    for b in evenSlice(g.batch, parts: workers, part: worker) {
      VectorLoops.zero(output + b * imageSize, imageSize)
      for row in (b * rowsPerImage)..<((b + 1) * rowsPerImage) {
        col2imRow(g, row: row, columns: columns + row * g.patchSize, output: output)
      }
    }
  }
}

/// Adds one row of the column matrix back into the image it came from.
@inline(__always)
func col2imRow(
  _ g: ConvGeometry, row: Int, columns: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
) {
  let ox = row % g.outWidth
  let oy = (row / g.outWidth) % g.outHeight
  let b = row / (g.outWidth * g.outHeight)
  let x0 = ox * g.strideX - g.padLeft
  let kxLow = max(0, -x0)
  let kxHigh = max(kxLow, min(g.kernelWidth, g.width - x0))
  if kxLow == kxHigh { return }
  for ky in 0..<g.kernelHeight {
    let y = oy * g.strideY + ky - g.padTop
    if y < 0 || y >= g.height { continue }
    let dst = output + ((b * g.height + y) * g.width + x0 + kxLow) * g.channels
    let src = columns + (ky * g.kernelWidth + kxLow) * g.channels
    VectorLoops.add(src, dst, (kxHigh - kxLow) * g.channels)
  }
}
