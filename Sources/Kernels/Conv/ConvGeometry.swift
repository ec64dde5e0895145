/// The geometry of a 2-D convolution or pooling window over an NHWC batch.
///
/// Input `batch x height x width x channels`; output `batch x outHeight x outWidth x ...`
/// with `outHeight = (height + padTop + padBottom - kernelHeight) / strideY + 1` (likewise
/// for width). Padding cells read as zero.
public struct ConvGeometry: Hashable, Sendable {
  public var batch: Int
  public var height: Int
  public var width: Int
  public var channels: Int
  public var kernelHeight: Int
  public var kernelWidth: Int
  public var strideY: Int
  public var strideX: Int
  public var padTop: Int
  public var padLeft: Int
  public var outHeight: Int
  public var outWidth: Int

  public init(
    batch: Int, height: Int, width: Int, channels: Int,
    kernelHeight: Int, kernelWidth: Int, strideY: Int = 1, strideX: Int = 1,
    padTop: Int = 0, padLeft: Int = 0, padBottom: Int = 0, padRight: Int = 0
  ) {
    self.batch = batch
    self.height = height
    self.width = width
    self.channels = channels
    self.kernelHeight = kernelHeight
    self.kernelWidth = kernelWidth
    self.strideY = strideY
    self.strideX = strideX
    self.padTop = padTop
    self.padLeft = padLeft
    self.outHeight = (height + padTop + padBottom - kernelHeight) / strideY + 1
    self.outWidth = (width + padLeft + padRight - kernelWidth) / strideX + 1
  }

  /// Rows of the im2col matrix: one per output pixel, `batch * outHeight * outWidth`.
  public var patchCount: Int { batch * outHeight * outWidth }
  /// Columns of the im2col matrix: `kernelHeight * kernelWidth * channels`, ordered (ky, kx, c).
  public var patchSize: Int { kernelHeight * kernelWidth * channels }
}

extension ConvGeometry {
  /// The offset of window (oy, ox)'s top-left cell in its image (it may lie in the padding).
  @inline(__always)
  func windowCorner(oy: Int, ox: Int) -> Int {
    ((oy * strideY - padTop) * width + ox * strideX - padLeft) * channels
  }

  /// Whether window (oy, ox) lies wholly inside the image (no padding cell).
  @inline(__always)
  func windowInside(oy: Int, ox: Int) -> Bool {
    let (y0, x0) = (oy * strideY - padTop, ox * strideX - padLeft)
    return y0 >= 0 && y0 + kernelHeight <= height && x0 >= 0 && x0 + kernelWidth <= width
  }

  /// Writes the offset of every patch element from the window's top-left input element,
  /// `offsets[(ky * kernelWidth + kx) * channels + c] = (ky * width + kx) * channels + c`
  /// (`patchSize` of them).
  @inline(__always)
  func patchOffsets(into offsets: UnsafeMutablePointer<Int>) {
    var t = 0
    for ky in 0..<kernelHeight {
      for kx in 0..<kernelWidth {
        for c in 0..<channels {
          offsets[t] = (ky * width + kx) * channels + c
          t += 1
        }
      }
    }
  }

  /// Calls `body(offset)` for each cell of output window (oy, ox) that lies in the image, in
  /// (ky, kx) order, `offset = (y * width + x) * channels` within one image (add the channel).
  @inline(__always)
  func forEachWindowCell(oy: Int, ox: Int, _ body: (_ offset: Int) -> Void) {
    for ky in 0..<kernelHeight {
      let y = oy * strideY + ky - padTop
      if y < 0 || y >= height { continue }
      for kx in 0..<kernelWidth {
        let x = ox * strideX + kx - padLeft
        if x < 0 || x >= width { continue }
        body((y * width + x) * channels)
      }
    }
  }

  /// Calls `body(b, oy, ox, c, o)` for each element of the output (`batch x outHeight x
  /// outWidth x channels`, channels kept, as pooling has it) in order, `o` its index.
  @inline(__always)
  func forEachOutputElement(
    _ body: (_ b: Int, _ oy: Int, _ ox: Int, _ c: Int, _ o: Int) -> Void
  ) {
    var o = 0
    for b in 0..<max(0, batch) {
      for oy in 0..<max(0, outHeight) {
        for ox in 0..<max(0, outWidth) {
          for c in 0..<channels {
            body(b, oy, ox, c, o)
            o += 1
          }
        }
      }
    }
  }

  /// Calls `body(index, source)` for each element of the im2col matrix
  /// (`patchCount x patchSize`, row-major, columns in (ky, kx, c) order) in index order:
  /// `source` is the input element's index over the batch, or nil in the padding.
  @inline(__always)
  func forEachPatchElement(_ body: (_ index: Int, _ source: Int?) -> Void) {
    var index = 0
    for b in 0..<max(0, batch) {
      for oy in 0..<max(0, outHeight) {
        for ox in 0..<max(0, outWidth) {
          for ky in 0..<kernelHeight {
            for kx in 0..<kernelWidth {
              let y = oy * strideY + ky - padTop
              let x = ox * strideX + kx - padLeft
              let inside = y >= 0 && y < height && x >= 0 && x < width
              for c in 0..<channels {
                body(index, inside ? ((b * height + y) * width + x) * channels + c : nil)
                index += 1
              }
            }
          }
        }
      }
    }
  }
}
