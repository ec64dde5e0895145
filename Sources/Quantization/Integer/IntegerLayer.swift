import Kernels
import TensorEngine

// The parts of an `IntegerModel`: packed weights, layers, input and output encodings.

/// What a layer that computes new values (conv, dense, standalone ReLU) writes.
public enum IntegerLayerOutput: Sendable, Equatable {
  /// int8 codes on `grid`, through the requantization `stage` (clamped to `grid.codes`, and
  /// to `grid.zeroPoint` from below when a ReLU is fused).
  case requantized(RequantizationStage, grid: LinearParameters)
  /// The int32 accumulators with the bias added, not requantized: `real = scales[c] * acc`
  /// with `scales[c] = s_in * s_w[c]`. Only a final layer whose float twin ends in softmax
  /// (which the simulation leaves in float) writes these.
  case accumulators(scales: [Float])
}

/// One layer of an `IntegerModel`.
public struct IntegerLayer: Sendable {
  /// The operation and its hyper-parameters.
  public enum Operation: Sendable, Equatable {
    /// NHWC convolution, square kernel, padding `(top, left, bottom, right)`; weights `n x k`
    /// with depth ordered (ky, kx, c_in), as im2col rows.
    case conv2d(kernel: Int, stride: Int, padTop: Int, padLeft: Int, padBottom: Int, padRight: Int)
    /// Fully connected over the flattened input.
    case dense
    /// Max over `size x size` windows (valid padding); the grid is unchanged.
    case maxPool(size: Int, stride: Int)
    /// A standalone activation moving codes to its own grid: `acc = q - z_in`, with
    /// `max(acc, 0)` when `relu`, then requantized.
    case requantize(relu: Bool)
    /// `[H, W, C] -> [H * W * C]`: the bytes stay where they are.
    case flatten
  }

  public let operation: Operation
  /// Per-sample input and output shapes, `[H, W, C]` or `[F]`.
  public let inputShape: [Int]
  public let outputShape: [Int]
  /// The zero point of the input codes (padding value of a convolution).
  public let inputZeroPoint: Int32
  /// Conv and dense weights, `n x k` (output channel x depth), int8 codes in [-127, 127] or
  /// int4 codes in [-7, 7]; nil otherwise.
  public let weights: PackedIntegerWeights?
  /// Conv and dense: one int32 per output channel, `round(b[c] / (s_in * s_w[c]))`.
  public let bias: [Int32]
  /// Conv, dense and requantize: how outputs are written; nil for layers that move codes.
  public let output: IntegerLayerOutput?

  /// Elements per sample.
  public var inputCount: Int { inputShape.reduce(1, *) }
  public var outputCount: Int { outputShape.reduce(1, *) }

  /// The geometry of a conv or pooling layer on `batch` samples (nil for other layers).
  func geometry(batch: Int) -> ConvGeometry? {
    switch operation {
    case .conv2d(let kernel, let stride, let top, let left, let bottom, let right):
      return ConvGeometry(
        batch: batch, height: inputShape[0], width: inputShape[1], channels: inputShape[2],
        kernelHeight: kernel, kernelWidth: kernel, strideY: stride, strideX: stride,
        padTop: top, padLeft: left, padBottom: bottom, padRight: right)
    case .maxPool(let size, let stride):
      return ConvGeometry(
        batch: batch, height: inputShape[0], width: inputShape[1], channels: inputShape[2],
        kernelHeight: size, kernelWidth: size, strideY: stride, strideX: stride)
    default:
      return nil
    }
  }
}

/// How uint8 pixels become the first layer's int8 codes: `codes[p]` for pixel value `p`, on
/// `grid`. For the default encoding (`x = p / 255`) the grid is `s = 1/255, z = -128`, so
/// `q = p - 128` and every pixel (real 0 included) is exact.
public struct IntegerInputEncoding: Sendable, Equatable {
  public let grid: LinearParameters
  /// 256 codes, one per pixel value.
  public let codes: [Int8]

  /// The exact integer form of a float model's `InputEncoding`: scale `encoding.scale` (times
  /// `255 / (2^bits - 1)` when pixels are discretised to `bits` levels), zero point -128.
  public init(_ encoding: InputEncoding) throws {
    guard encoding.scale.isFinite && encoding.scale > 0 else {
      throw QuantizationError(
        .unsupported,
        "integer model: input scale \(encoding.scale) must be finite and > 0")
    }
    var levels = 255
    if let bits = encoding.bits, (1..<8).contains(bits) { levels = (1 << bits) - 1 }
    let scale = encoding.scale * 255 / Float(levels)
    let codes = (0..<256).map { p -> Int8 in
      let level = (Float(p) / 255 * Float(levels)).rounded(.toNearestOrEven)
      return Int8(Int(level) - 128)
    }
    try self.init(
      grid: LinearParameters(scale: scale, zeroPoint: -128, codes: -128...127), codes: codes)
  }

  /// A given table; `codes` must hold 256 values inside `grid.codes`.
  public init(grid: LinearParameters, codes: [Int8]) throws {
    guard codes.count == 256, grid.scale.isFinite, grid.scale > 0,
      codes.allSatisfy({ grid.codes.contains(Int32($0)) }), grid.codes.lowerBound >= -128,
      grid.codes.upperBound <= 127, grid.codes.contains(grid.zeroPoint)
    else {
      throw QuantizationError(
        .invalidArgument,
        "integer model: the input encoding needs 256 int8 codes on a grid with scale > 0")
    }
    self.grid = grid
    self.codes = codes
  }
}

/// How the model's final codes become real logits.
public enum IntegerOutputEncoding: Sendable, Equatable {
  /// int8 codes: `real = grid.scale * (q - grid.zeroPoint)`.
  case int8(LinearParameters)
  /// int32 accumulators: `real = scales[c] * acc`, `c` the index along the last axis.
  case int32(scales: [Float])
}
