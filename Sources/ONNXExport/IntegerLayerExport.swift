import Kernels
import Quantization

extension IntegerExport {
  /// Adds the nodes of layer `i` on `x` (whose codes have scale `inputScale`) in `form`;
  /// returns the layer's output and its scale (unchanged for layers that move codes).
  static func emit(
    _ layer: IntegerLayer, _ i: Int, _ x: GraphBuilder.Activation, inputScale: Float,
    form: Form, _ g: inout GraphBuilder
  ) throws -> (GraphBuilder.Activation, Float) {
    let at = "integer layer \(i) (\(layer.operation))"
    let zeroCode = Int8(layer.inputZeroPoint)
    switch layer.operation {
    case .conv2d(let kernel, let stride, let top, let left, let bottom, let right):
      guard case .requantized(let stage, let grid) = layer.output, let weights = layer.weights
      else {
        throw ExportError(
          "\(at): a convolution writing int32 accumulators has no standard ONNX form here; "
            + "end the model with a dense layer")
      }
      let n = weights.outputChannels
      let cin = layer.inputShape[2]
      let codes = GraphBuilder.oihw([n, cin, kernel, kernel]) { o, c, y, x in
        weights.weight(channel: o, depth: (y * kernel + x) * cin + c)
      }
      if form == .exact {
        let y = exactConv(
          layer, i, x, codes: codes, kernel: kernel, stride: stride,
          pads: [top, left, bottom, right], stage: stage, &g)
        return (y, grid.scale)
      }
      let input = g.channelsFirst(x)
      let inputs = [
        input.name, g.floatScalar("layer\(i)_input_scale", inputScale),
        g.int8Scalar("layer\(i)_input_zero_point", zeroCode),
        g.int8s("conv\(i)_weight", codes, dims: [n, cin, kernel, kernel]),
        g.floats("conv\(i)_weight_scale", weightScales(stage, inputScale, grid.scale)),
        g.int8s("conv\(i)_weight_zero_point", [Int8](repeating: 0, count: n), dims: [n]),
        g.floatScalar("conv\(i)_output_scale", grid.scale),
        g.int8Scalar("conv\(i)_output_zero_point", Int8(grid.zeroPoint)),
        g.int32s("conv\(i)_bias", layer.bias, dims: [n]),
      ]
      let out = g.node(
        "QLinearConv", inputs, output: "conv\(i)",
        GraphBuilder.window(kernel, stride, pads: [top, left, bottom, right]))
      let y = GraphBuilder.Activation(name: out, shape: layer.outputShape, channelsFirst: true)
      return (clamp(y, stage, &g, "conv\(i)"), grid.scale)
    case .dense:
      guard let weights = layer.weights else { throw ExportError("\(at): it has no weights") }
      let input = x.shape.count == 1 ? x : g.flatten(x, output: "flatten\(i)")
      let n = weights.outputChannels
      let k = weights.depth
      // [K, N] for MatMul.
      let codes = (0..<k).flatMap { d in (0..<n).map { weights.weight(channel: $0, depth: d) } }
      let w = g.int8s("dense\(i)_weight", codes, dims: [k, n])
      let wZero = g.int8Scalar("dense\(i)_weight_zero_point", 0)
      let inputZero = g.int8Scalar("layer\(i)_input_zero_point", zeroCode)
      let product = g.node(
        "MatMulInteger", [input.name, w, inputZero, wZero], output: "dense\(i)_acc")
      if form == .exact, case .requantized(let stage, let grid) = layer.output {
        // The exact form: MatMulInteger's int32 `[N, C]` (no bias yet), then the stage per
        // column (`requantizeExactly`).
        let out = g.requantizeExactly(
          product, bias: layer.bias, stage: stage, channelDims: [stage.channels], name: "dense\(i)")
        return (.init(name: out, shape: layer.outputShape, channelsFirst: false), grid.scale)
      }
      let acc = g.node(
        "Add", [product, g.int32s("dense\(i)_bias", layer.bias, dims: [n])],
        output: "dense\(i)_biased")
      switch layer.output {
      case .requantized(let stage, let grid):
        let scales = weightScales(stage, inputScale, grid.scale).map { $0 * inputScale }
        let real = g.node(
          "DequantizeLinear", [acc, g.floats("dense\(i)_acc_scale", scales)],
          output: "dense\(i)_real", [("axis", .int(1))])
        let q = g.node(
          "QuantizeLinear",
          [
            real, g.floatScalar("dense\(i)_output_scale", grid.scale),
            g.int8Scalar("dense\(i)_output_zero_point", Int8(grid.zeroPoint)),
          ], output: "dense\(i)")
        let y = GraphBuilder.Activation(name: q, shape: layer.outputShape, channelsFirst: false)
        return (clamp(y, stage, &g, "dense\(i)"), grid.scale)
      case .accumulators, nil:
        return (.init(name: acc, shape: layer.outputShape, channelsFirst: false), inputScale)
      }
    case .maxPool(let size, let stride):
      return (g.pool("MaxPool", size, stride, x, layer.outputShape, i), inputScale)
    case .flatten:
      return (g.flatten(x, output: "flatten\(i)"), inputScale)
    case .requantize(let relu):
      guard case .requantized(let stage, let grid) = layer.output else {
        throw ExportError("\(at): it has no output stage")
      }
      if form == .exact {
        return (exactRequantize(layer, i, x, relu: relu, stage: stage, &g), grid.scale)
      }
      let inputZero = g.int8Scalar("layer\(i)_input_zero_point", zeroCode)
      var real = g.node(
        "DequantizeLinear",
        [x.name, g.floatScalar("layer\(i)_input_scale", inputScale), inputZero],
        output: "act\(i)_real")
      if relu { real = g.node("Relu", [real], output: "act\(i)_relu") }
      let q = g.node(
        "QuantizeLinear",
        [
          real, g.floatScalar("act\(i)_output_scale", grid.scale),
          g.int8Scalar("act\(i)_output_zero_point", Int8(grid.zeroPoint)),
        ], output: "act\(i)")
      var y = x
      y.name = q
      return (clamp(y, stage, &g, "act\(i)"), grid.scale)
    }
  }

  /// `s_w[c] = M[c] * s_out / s_in` with the engine's fixed-point `M[c]` (see the type).
  static func weightScales(_ stage: RequantizationStage, _ inputScale: Float, _ outputScale: Float)
    -> [Float]
  {
    (0..<stage.channels).map { c in
      let m = Double(stage.multipliers[c]) * 0x1p-31 * pow2(-stage.shifts[c])
      return Float(m * Double(outputScale) / Double(inputScale))
    }
  }

  private static func pow2(_ e: Int) -> Double { Double(sign: .plus, exponent: e, significand: 1) }

  /// Clip to `[outputMin, outputMax]` when narrower than int8 (a fused ReLU, a narrow grid).
  static func clamp(
    _ y: GraphBuilder.Activation, _ stage: RequantizationStage, _ g: inout GraphBuilder,
    _ name: String
  ) -> GraphBuilder.Activation {
    guard stage.outputMin > .min || stage.outputMax < .max else { return y }
    var z = y
    z.name = g.node(
      "Clip",
      [
        y.name, g.int8Scalar(name + "_min", stage.outputMin),
        g.int8Scalar(name + "_max", stage.outputMax),
      ], output: name + "_clipped")
    return z
  }
}
