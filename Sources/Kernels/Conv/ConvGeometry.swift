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
