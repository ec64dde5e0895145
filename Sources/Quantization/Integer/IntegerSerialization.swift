import Kernels
import TensorEngine

/// The integer model's binary format, little-endian throughout:
///
/// ```
/// "QBIM"   magic, 4 bytes; u32 format version (1)
/// input    u32 x 3 shape; grid (f32 scale, i32 zero point, i32 lowest, i32 highest code);
///          256 int8 pixel codes
/// u32      layer count, then per layer:
///          u8 operation (1 conv, 2 dense, 3 max-pool, 4 requantize, 5 flatten);
///          u32 input rank + extents; i32 input zero point;
///          conv: u32 kernel, stride, pad top, left, bottom, right; max-pool: u32 size, stride;
///          requantize: u8 relu;
///          conv/dense: u8 bits (8 or 4), u32 n, u32 k, the n x k codes row-major (8 bits: a
///          byte each; 4 bits: two per byte, the even index in the low nibble), n x i32 bias;
///          u8 output (0 none, 1 requantized, 2 int32 accumulators):
///            1: u32 channels, per channel i32 multiplier and i32 shift; i32 zero point;
///               i8 min, i8 max; grid as above;  2: u32 channels, f32 scale per channel
/// u64      FNV-1a 64 hash of every byte before it
/// ```
extension IntegerModel {
  public static let fileMagic: [UInt8] = Array("QBIM".utf8)
  public static let fileVersion: UInt32 = 1

  /// The model as bytes; `IntegerModel(serialized:)` reads them back bit-exactly.
  public func serialized() -> [UInt8] {
    var w = ByteWriter()
    w.bytes += IntegerModel.fileMagic
    w.u32(IntegerModel.fileVersion)
    inputShape.forEach { w.int($0) }
    w.grid(input.grid)
    w.bytes += input.codes.map { UInt8(bitPattern: $0) }
    w.int(layers.count)
    for layer in layers {
      // The operation's tag, then the shape and zero point, then its own fields.
      let (tag, fields): (UInt8, [Int]) =
        switch layer.operation {
        case .conv2d(let kernel, let stride, let top, let left, let bottom, let right):
          (1, [kernel, stride, top, left, bottom, right])
        case .dense: (2, [])
        case .maxPool(let size, let stride): (3, [size, stride])
        case .requantize: (4, [])
        case .flatten: (5, [])
        }
      w.u8(tag)
      w.shapeAndZero(layer)
      fields.forEach { w.int($0) }
      if case .requantize(let relu) = layer.operation { w.u8(relu ? 1 : 0) }
      if let weights = layer.weights {
        w.u8(UInt8(weights.bits))
        w.int(weights.outputChannels)
        w.int(weights.depth)
        let codes = weights.unpacked()
        if weights.bits == 8 {
          w.bytes += codes.map { UInt8(bitPattern: $0) }
        } else {
          for pair in stride(from: 0, to: codes.count, by: 2) {
            let low = UInt8(bitPattern: codes[pair]) & 0x0F
            let high = pair + 1 < codes.count ? UInt8(bitPattern: codes[pair + 1]) & 0x0F : 0
            w.u8(low | high << 4)
          }
        }
        layer.bias.forEach { w.i32($0) }
      }
      switch layer.output {
      case nil:
        w.u8(0)
      case .requantized(let stage, let grid):
        w.u8(1)
        w.int(stage.channels)
        for (multiplier, shift) in zip(stage.multipliers, stage.shifts) {
          w.i32(multiplier)
          w.i32(Int32(shift))
        }
        w.i32(stage.outputZeroPoint)
        w.u8(UInt8(bitPattern: stage.outputMin))
        w.u8(UInt8(bitPattern: stage.outputMax))
        w.grid(grid)
      case .accumulators(let scales):
        w.u8(2)
        w.int(scales.count)
        scales.forEach { w.f32($0) }
      }
    }
    w.u64(fnv1a64(w.bytes[...]))
    return w.bytes
  }

  /// Bytes of `serialized()`: the model's real size on disk.
  public var serializedByteCount: Int { serialized().count }
}

/// FNV-1a, 64 bits: a small hash that catches flipped and swapped bytes.
func fnv1a64(_ bytes: ArraySlice<UInt8>) -> UInt64 {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  for byte in bytes {
    hash ^= UInt64(byte)
    hash = hash &* 0x100_0000_01b3
  }
  return hash
}

extension ByteWriter {
  /// An int8 grid: f32 scale, i32 zero point, i32 lowest and highest code.
  mutating func grid(_ g: LinearParameters) {
    f32(g.scale)
    i32(g.zeroPoint)
    i32(g.codes.lowerBound)
    i32(g.codes.upperBound)
  }
  /// A layer's input shape (u32 rank, then the extents) and input zero point.
  mutating func shapeAndZero(_ layer: IntegerLayer) {
    int(layer.inputShape.count)
    layer.inputShape.forEach { int($0) }
    i32(layer.inputZeroPoint)
  }
}
