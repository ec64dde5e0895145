/// The fast im2col / col2im (plain twins in Im2ColReference.swift).
///
/// In NHWC the channels of one pixel, and the pixels of one image row, are contiguous, so for a
/// fixed output pixel and kernel row `ky` the `kernelWidth x channels` values a patch takes are
/// one contiguous run of the input (minus the columns that fall into the padding). Each run is
/// moved as one block copy (or added, for col2im) instead of element by element.

/// Unfolds NHWC input patches into rows: `columns[(b, oy, ox), (ky, kx, c)]`.
///
/// Shapes: `input` is `batch x height x width x channels`; `columns` is
/// `patchCount x patchSize`, row-major. Padding positions are written as 0. Runs on up to
/// `threads` threads (each writes a fixed range of rows, so results never depend on the
/// count); bit-identical to `im2colReference` (it only moves values).
public func im2col(
  _ g: ConvGeometry, input: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>,
  threads: Int
) {
  let rows = g.patchCount
  guard rows > 0, g.patchSize > 0 else { return }
  let workers = rows * g.patchSize < 1 << 16 ? 1 : max(1, min(threads, rows))
  // With few channels the runs are too short for block copies to pay; windows wholly inside
  // the image are then gathered through a table of offsets (nil otherwise).
  withPatchOffsets(g) { table in
    parallelFor(workers, threads: workers) { worker in
      let slice = evenSlice(rows, parts: workers, part: worker)
      forEachPatchRow(g, slice, interior: table != nil) { row, b, oy, ox, corner in
        let dst = columns + row * g.patchSize
        if let table, let corner {
          for t in 0..<g.patchSize { dst[t] = input[corner + table[t]] }
        } else {
          im2colRow(g, b: b, oy: oy, ox: ox, input: input, columns: dst)
        }
      }
    }
  }
}

/// Calls `body(row, b, oy, ox, corner)` for each row of the column matrix in `rows`, in order,
/// walking (b, oy, ox) incrementally rather than dividing per row. `corner` is the offset over
/// the batch of the window's top-left input element when `interior` is set and the window
/// lies wholly inside the image, else nil.
@inline(__always)
func forEachPatchRow(
  _ g: ConvGeometry, _ rows: Range<Int>, interior: Bool,
  _ body: (_ row: Int, _ b: Int, _ oy: Int, _ ox: Int, _ corner: Int?) -> Void
) {
  guard let first = rows.first else { return }
  var ox = first % g.outWidth
  var oy = (first / g.outWidth) % g.outHeight
  var b = first / (g.outWidth * g.outHeight)
  let imageSize = g.height * g.width * g.channels
  for row in rows {
    let inside = interior && g.windowInside(oy: oy, ox: ox)
    body(row, b, oy, ox, inside ? b * imageSize + g.windowCorner(oy: oy, ox: ox) : nil)
    ox += 1
    if ox == g.outWidth {
      ox = 0
      oy += 1
      if oy == g.outHeight {
        oy = 0
        b += 1
      }
    }
  }
}

/// Writes one row of the column matrix: the patch under output pixel (b, oy, ox).
@inline(__always)
func im2colRow(
  _ g: ConvGeometry, b: Int, oy: Int, ox: Int, input: UnsafePointer<Float>,
  columns: UnsafeMutablePointer<Float>
) {
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

/// Folds rows back into an NHWC gradient, adding overlapping patches: the adjoint of `im2col`.
///
/// Shapes: `columns` is `patchCount x patchSize`; `output` is `batch x height x width x
/// channels` and is overwritten (not accumulated into). Runs on up to `threads` threads: each
/// thread owns whole images of the batch, and every output element receives its terms in the
/// same order as in `col2imReference`, so the result is bit-identical to the reference for
/// any thread count.
public func col2im(
  _ g: ConvGeometry, columns: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
  threads: Int
) {
  let imageSize = g.height * g.width * g.channels
  let rowsPerImage = max(0, g.outHeight) * max(0, g.outWidth)
  let workers =
    g.patchCount * g.patchSize < 1 << 16 ? 1 : max(1, min(threads, g.batch))
  withPatchOffsets(g) { table in
    parallelFor(workers, threads: workers) { worker in
      for b in evenSlice(g.batch, parts: workers, part: worker) {
        VectorLoops.zero(output + b * imageSize, imageSize)
        let rows = b * rowsPerImage..<(b + 1) * rowsPerImage
        forEachPatchRow(g, rows, interior: table != nil) { row, b, oy, ox, corner in
          let src = columns + row * g.patchSize
          if let table, let corner {
            for t in 0..<g.patchSize { output[corner + table[t]] += src[t] }
          } else {
            col2imRow(g, b: b, oy: oy, ox: ox, columns: src, output: output)
          }
        }
      }
    }
  }
}

/// Runs `body` with a table of patch element offsets from a window's top-left input element,
/// `table[(ky * kernelWidth + kx) * channels + c] = (ky * width + kx) * channels + c`, when
/// the channels are too few for block copies to pay (fewer than 8); else with nil.
@inline(__always)
func withPatchOffsets(_ g: ConvGeometry, _ body: (UnsafePointer<Int>?) -> Void) {
  guard g.channels < 8 else { return body(nil) }
  withUnsafeTemporaryAllocation(of: Int.self, capacity: g.patchSize) { offsets in
    g.patchOffsets(into: offsets.baseAddress!)
    body(UnsafePointer(offsets.baseAddress))
  }
}

/// Adds row (b, oy, ox) of the column matrix back into the image it came from.
@inline(__always)
func col2imRow(
  _ g: ConvGeometry, b: Int, oy: Int, ox: Int, columns: UnsafePointer<Float>,
  output: UnsafeMutablePointer<Float>
) {
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
