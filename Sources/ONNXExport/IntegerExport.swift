import Kernels
import Quantization

/// ONNX graphs of integer models (`IntegerModel`) with the engine's own integers: int8 weight
/// codes, int32 biases, every zero point, and requantization multipliers equal to the engine's.
///
/// Graph: `pixels` (uint8 `[N, H, W, C]`) -> Gather in the input encoding's 256 int8 codes ->
/// the layers -> `logits` (float `[N, classes]`, the engine's dequantized outputs) and
/// `output` (Softmax of the logits when the model's last layer writes int32 accumulators, the
/// engine having dropped the float model's final softmax; the logits otherwise).
///
/// Layers (activations NCHW inside the graph):
/// - conv2d with int8 output -> QLinearConv (pads filled with the input zero point, as the
///   engine's im2col does; int32 bias), then Clip to the stage's `[outputMin, outputMax]`
///   when narrower than int8 (a fused ReLU is `outputMin = z_out`);
/// - dense -> MatMulInteger (int8 x int8 -> int32, input zero point) + Add (int32 bias), then
///   DequantizeLinear (per output column: `s_in * s_w[c]`) + QuantizeLinear (`s_out`, `z_out`)
///   + Clip for int8 output, or DequantizeLinear alone for a final int32 layer;
/// - max pool -> MaxPool on int8; flatten -> NHWC Transpose + Flatten; a standalone
///   requantize -> DequantizeLinear (+ Relu) + QuantizeLinear + Clip.
///
/// Scales: the engine keeps, per channel, the fixed-point multiplier `M[c] ~ s_in s_w[c] /
/// s_out` (`RequantizationStage`: `multiplier * 2^-31 * 2^-shift`), not `s_w` itself. The
/// exported weight scale is `s_w[c] = M[c] * s_out / s_in` with that `M[c]`, so ONNX Runtime's
/// multiplier `x_scale * w_scale / y_scale` is the engine's to float precision. ONNX Runtime
/// rounds the scaled accumulator once, in float, ties to even; the engine rounds twice in
/// fixed point (`requantizationRoundingRule`), so an output code may differ by 1 (the oracle,
/// scripts/onnx_oracle.py, measures how many do, layer by layer).
public enum IntegerExport {
  /// How layers that requantize are written.
  public enum Form: String, Sendable {
    /// The engine's arithmetic exactly: ConvInteger / MatMulInteger with int32 outputs, then
    /// the fixed-point multiply and rounding shift in ONNX integer ops (`requantizeExactly`):
    /// ONNX Runtime's codes equal the engine's. The default.
    case exact
    /// The standard quantized operators (QLinearConv; MatMulInteger + DequantizeLinear +
    /// QuantizeLinear), which runtimes accelerate: they round the float product once (ties to
    /// even), so a code may differ from the engine's by 1.
    case qlinear
  }

  /// The whole model as one graph.
  /// - Throws: `ExportError` for a conv layer that writes int32 accumulators (no standard op
  ///   pads a conv with the zero point and keeps int32 outputs with a bias).
  public static func graph(_ model: IntegerModel, name: String, form: Form = .exact) throws
    -> ONNXGraph
  {
    var g = GraphBuilder()
    let table = g.int8s("input_codes", model.input.codes, dims: [256])
    var x = GraphBuilder.Activation(
      name: g.lookUp(pixels: "pixels", table: table, output: "input"), shape: model.inputShape,
      channelsFirst: false)
    var scale = model.input.grid.scale
    for (i, layer) in model.layers.enumerated() {
      (x, scale) = try emit(layer, i, x, inputScale: scale, form: form, &g)
    }
    x = g.channelsLast(x)
    let logits: String
    var softmax = false
    switch model.output {
    case .int8(let grid):
      let s = g.floatScalar("output_scale", grid.scale)
      let z = g.int8Scalar("output_zero_point", Int8(grid.zeroPoint))
      logits = g.node("DequantizeLinear", [x.name, s, z], output: "logits")
    case .int32(let scales):
      let s = g.floats("output_scale", scales)
      logits = g.node("DequantizeLinear", [x.name, s], output: "logits", [("axis", .int(-1))])
      softmax = true
    }
    let output =
      softmax
      ? g.node("Softmax", [logits], output: "output", [("axis", .int(-1))])
      : g.node("Identity", [logits], output: "output")
    return ONNXGraph(
      name: name, nodes: g.nodes, initializers: g.initializers,
      inputs: [GraphBuilder.pixelInput(model.inputShape)],
      outputs: [
        GraphBuilder.output(output, .float, model.outputShape),
        GraphBuilder.output(logits, .float, model.outputShape),
      ])
  }

  /// Layer `index` alone, for checking it against the engine: input `input` (int8 `[N, ...]`,
  /// the layer's input codes, NHWC), output `output` (its int8 codes NHWC, or int32 for a final
  /// accumulator layer).
  public static func layerGraph(_ model: IntegerModel, layer index: Int, form: Form = .exact)
    throws -> ONNXGraph
  {
    precondition(model.layers.indices.contains(index), "layer index out of range")
    var scale = model.input.grid.scale
    for layer in model.layers[..<index] {
      if case .requantized(_, let grid) = layer.output { scale = grid.scale }
    }
    let layer = model.layers[index]
    var g = GraphBuilder()
    var x = GraphBuilder.Activation(
      name: g.fresh("input"), shape: layer.inputShape, channelsFirst: false)
    (x, _) = try emit(layer, index, x, inputScale: scale, form: form, &g)
    x = g.channelsLast(x)
    let output = g.node("Identity", [x.name], output: "output")
    var type = ONNXDataType.int8
    if case .accumulators = layer.output { type = .int32 }
    return ONNXGraph(
      name: "layer\(index)", nodes: g.nodes, initializers: g.initializers,
      inputs: [GraphBuilder.output("input", .int8, layer.inputShape)],
      outputs: [GraphBuilder.output(output, type, layer.outputShape)])
  }
}
