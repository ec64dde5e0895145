import Kernels
import Quantization

/// The exact form of the integer layers that requantize (`IntegerExport.Form.exact`): integer
/// products with int32 outputs (ConvInteger, MatMulInteger), then `requantizeExactly`, the
/// engine's fixed-point output stage in ONNX integer operators. ONNX Runtime then computes the
/// engine's int8 codes bit for bit.
extension IntegerExport {
  /// conv2d: the int8 input codes (NCHW) as uint8 `code + 128` (ONNX Runtime's ConvInteger
  /// takes uint8), Pad with the input zero point `z_in + 128` (the engine's im2col pads with
  /// `z_in`, which contributes 0), ConvInteger with the weights as uint8 `w + 128` and weight
  /// zero point 128 (`(x - z_in)(w - 0)` unchanged), int32 `[N, C_out, H, W]`, then the stage.
  static func exactConv(
    _ layer: IntegerLayer, _ i: Int, _ x: GraphBuilder.Activation, codes: [Int8],
    kernel: Int, stride: Int, pads: [Int], stage: RequantizationStage, _ g: inout GraphBuilder
  ) -> GraphBuilder.Activation {
    let input = g.channelsFirst(x)
    let n = stage.channels
    let cin = layer.inputShape[2]
    let zero = UInt8(Int(layer.inputZeroPoint) + 128)
    var data = g.offsetToUInt8(input.name, "conv\(i)_input_u8")
    if pads.contains(where: { $0 != 0 }) {
      let (top, left, bottom, right) = (pads[0], pads[1], pads[2], pads[3])
      let amounts = [0, 0, top, left, 0, 0, bottom, right].map(Int64.init)
      data = g.node(
        "Pad",
        [data, g.int64s("conv\(i)_pads", amounts, dims: [8]), g.uint8Scalar("conv\(i)_pad", zero)],
        output: "conv\(i)_padded")
    }
    let weights = g.constant(
      "conv\(i)_weight_u8", .uint8, dims: [n, cin, kernel, kernel],
      raw: codes.map { UInt8(Int($0) + 128) })
    let acc = g.node(
      "ConvInteger",
      [
        data, weights, g.uint8Scalar("conv\(i)_input_zero_point_u8", zero),
        g.uint8Scalar("conv\(i)_weight_zero_point_u8", 128),
      ], output: "conv\(i)_acc",
      GraphBuilder.window(kernel, stride))
    let out = g.requantizeExactly(
      acc, bias: layer.bias, stage: stage, channelDims: [n, 1, 1], name: "conv\(i)")
    return .init(name: out, shape: layer.outputShape, channelsFirst: true)
  }

  /// A standalone requantize: `x - z_in` (and `max(., 0)` for relu) in int32, then the stage
  /// per channel (the last axis of `[H, W, C]`, the second of NCHW).
  static func exactRequantize(
    _ layer: IntegerLayer, _ i: Int, _ x: GraphBuilder.Activation, relu: Bool,
    stage: RequantizationStage, _ g: inout GraphBuilder
  ) -> GraphBuilder.Activation {
    let wide = g.cast(x.name, to: .int32, output: "act\(i)_i32")
    var centred = g.node(
      "Sub", [wide, g.int32s("act\(i)_input_zero_point", [layer.inputZeroPoint], dims: [])],
      output: "act\(i)_centred")
    if relu {
      centred = g.node(
        "Max", [centred, g.int32s("act\(i)_zero", [0], dims: [])], output: "act\(i)_relu")
    }
    let c = stage.channels
    let dims = x.channelsFirst && x.shape.count == 3 ? [c, 1, 1] : [c]
    var y = x
    y.name = g.requantizeExactly(
      centred, bias: nil, stage: stage, channelDims: dims, name: "act\(i)")
    return y
  }
}
