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

/// Unfolds NHWC input patches into rows: `columns[(b, oy, ox), (ky, kx, c)]`.
///
/// Shapes: `input` is `batch x height x width x channels`; `columns` is
/// `patchCount x patchSize`, row-major. Padding positions are written as 0.
public func im2col(
  _ g: ConvGeometry, input: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>
) {
  im2col(g, input: input, columns: columns, threads: ComputeThreads.default)
}

/// Folds rows back into an NHWC gradient, adding overlapping patches: the adjoint of `im2col`.
///
/// Shapes: `columns` is `patchCount x patchSize`; `output` is `batch x height x width x
/// channels` and is overwritten (not accumulated into).
public func col2im(
  _ g: ConvGeometry, columns: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
) {
  col2im(g, columns: columns, output: output, threads: ComputeThreads.default)
}

/// The plain reference twin of `im2col`.
public func im2colReference(
  _ g: ConvGeometry, input: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>
) {
  var row = 0
  for b in 0..<g.batch {
    for oy in 0..<g.outHeight {
      for ox in 0..<g.outWidth {
        var col = 0
        for ky in 0..<g.kernelHeight {
          for kx in 0..<g.kernelWidth {
            let y = oy * g.strideY + ky - g.padTop
            let x = ox * g.strideX + kx - g.padLeft
            let inside = y >= 0 && y < g.height && x >= 0 && x < g.width
            for c in 0..<g.channels {
              columns[row * g.patchSize + col] =
                inside ? input[((b * g.height + y) * g.width + x) * g.channels + c] : 0
              col += 1
            }
          }
        }
        row += 1
      }
    }
  }
}

/// The plain reference twin of `col2im`.
public func col2imReference(
  _ g: ConvGeometry, columns: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
) {
  output.update(repeating: 0, count: g.batch * g.height * g.width * g.channels)
  var row = 0
  for b in 0..<g.batch {
    for oy in 0..<g.outHeight {
      for ox in 0..<g.outWidth {
        var col = 0
        for ky in 0..<g.kernelHeight {
          for kx in 0..<g.kernelWidth {
            let y = oy * g.strideY + ky - g.padTop
            let x = ox * g.strideX + kx - g.padLeft
            let inside = y >= 0 && y < g.height && x >= 0 && x < g.width
            for c in 0..<g.channels {
              if inside {
                output[((b * g.height + y) * g.width + x) * g.channels + c] +=
                  columns[row * g.patchSize + col]
              }
              col += 1
            }
          }
        }
        row += 1
      }
    }
  }
}
