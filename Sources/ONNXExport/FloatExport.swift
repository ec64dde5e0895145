import Quantization
import TensorEngine

/// ONNX graphs of float models (`Sequential`), and of fake-quantized ones (the same model with
/// quantized weights and activation quantizers attached).
///
/// Graph: `pixels` (uint8 `[N, H, W, C]`) -> Gather in the input encoding's 256-entry table
/// (exact, bits discretisation included) -> the layers -> `output` (`[N, classes]`, what the
/// last layer computes: probabilities when the model ends in softmax).
///
/// Layers: conv2d -> Conv (weights HWIO -> OIHW, pads `[top, left, bottom, right]`), dense ->
/// Gemm, max/avg pool -> MaxPool/AveragePool, flatten -> NHWC Transpose + Flatten, batch norm
/// -> BatchNormalization (inference), dropout -> nothing, activations -> Relu, Sigmoid, Tanh,
/// Softmax (over channels). A weight transform (QAT) is applied to the stored weights.
///
/// Fake quantization: a layer with a `LayerQuantizationRecord` whose method is affine (linear
/// per tensor or per channel, binary, ternary) stores its int8 codes and DequantizeLinear
/// (per-channel: axis 0 of OIHW, axis 1 of `[in, out]`); other methods (per group, codebooks)
/// store the fake-quant values Q(w) as floats, which is what the model computes. An
/// activation quantizer becomes Clip (when its codes are narrower than int8) + QuantizeLinear
/// + DequantizeLinear with its scale and zero point.
public enum FloatExport {
  /// The graph of `model`; `records` are the fake-quant records by layer index (empty for a
  /// float model). `recurrentRecords` holds, for a recurrent layer quantized as two matrices,
  /// the records of its input kernel W `[F, gates·H]` and recurrent kernel U `[H, gates·H]`.
  /// - Throws: `ExportError` for a layer that has no ONNX form here.
  public static func graph(
    _ model: Sequential, records: [Int: LayerQuantizationRecord] = [:],
    recurrentRecords: [Int: RecurrentWeightRecords] = [:], name: String
  ) throws -> ONNXGraph {
    var g = GraphBuilder()
    var x: GraphBuilder.Activation
    var tokens: GraphBuilder.Activation?
    var lengths: String?
    if case .embedding = model.layers.first?.kind {
      tokens = RecurrentExport.tokens(&g, steps: model.inputShape[0])
      x = tokens!
    } else {
      let table = g.floats("input_table", model.inputEncoding.table)
      x = GraphBuilder.Activation(
        name: g.lookUp(pixels: "pixels", table: table, output: "input"), shape: model.inputShape,
        channelsFirst: false)
    }
    for (i, layer) in model.layers.enumerated() {
      let at = "layer \(i) (\(layer.kind.name))"
      let shape = model.layerShapes[i]
      switch layer.kind {
      case .conv2d(let filters, let kernel, let stride, let padding, let activation):
        x = g.channelsFirst(x)
        let (t, l, b, r) = padding.amounts(
          height: x.shape[0], width: x.shape[1], kernel: kernel, stride: stride)
        let w = try weights(layer, records[i], conv: true, index: i, &g, at)
        let bias = g.floats(
          "conv\(i)_bias", layer.bias?.data ?? [Float](repeating: 0, count: filters))
        let out = g.node(
          "Conv", [x.name, w, bias], output: "conv\(i)",
          GraphBuilder.window(kernel, stride, pads: [t, l, b, r]))
        x = .init(name: out, shape: shape, channelsFirst: true)
        x = activate(x, activation, &g, i)
      case .dense(_, let activation):
        if x.shape.count != 1 { x = g.flatten(x, output: "flatten\(i)") }
        let w = try weights(layer, records[i], conv: false, index: i, &g, at)
        let bias = g.floats(
          "dense\(i)_bias", layer.bias?.data ?? [Float](repeating: 0, count: shape[0]))
        x = .init(
          name: g.node("Gemm", [x.name, w, bias], output: "dense\(i)"), shape: shape,
          channelsFirst: false)
        x = activate(x, activation, &g, i)
      case .maxPool(let size, let stride):
        x = g.pool("MaxPool", size, stride, x, shape, i)
      case .avgPool(let size, let stride):
        x = g.pool("AveragePool", size, stride, x, shape, i)
      case .flatten:
        x = g.flatten(x, output: "flatten\(i)")
      case .dropout:
        continue
      case .embedding:
        guard let t = tokens, i == 0 else {
          throw ExportError("\(at): an embedding must be the model's first layer")
        }
        x = try RecurrentExport.embedding(layer, i, tokens: t, shape: shape, &g, at)
      case .recurrent(let cell, let units):
        guard let t = tokens else {
          throw ExportError("\(at): a recurrent layer needs an embedding as the first layer")
        }
        if lengths == nil { lengths = RecurrentExport.lengths(t, &g) }
        x = try RecurrentExport.recurrent(
          layer, i, cell: cell, hidden: units, x: x, lengths: lengths!,
          records: recurrentRecords[i] ?? records[i].map(RecurrentWeightRecords.packed), &g, at)
      case .batchNorm(_, let epsilon):
        x = g.channelsFirst(x)
        let c = shape.last ?? 1
        guard let gamma = layer.weights?.data, let beta = layer.bias?.data,
          let mean = layer.runningMean?.data, let variance = layer.runningVariance?.data,
          gamma.count == c
        else { throw ExportError("\(at): its parameters or running statistics are missing") }
        let inputs = [
          x.name, g.floats("bn\(i)_scale", gamma), g.floats("bn\(i)_bias", beta),
          g.floats("bn\(i)_mean", mean), g.floats("bn\(i)_var", variance),
        ]
        let out = g.node(
          "BatchNormalization", inputs, output: "bn\(i)", [("epsilon", .float(epsilon))])
        x = .init(name: out, shape: shape, channelsFirst: x.channelsFirst)
      case .activation(let activation):
        x = activate(x, activation, &g, i)
      }
      if let transform = layer.outputTransform {
        guard let quantizer = transform as? ActivationQuantizer else {
          throw ExportError("\(at): its output transform is not a linear activation quantizer")
        }
        x = try fakeQuantize(x, quantizer.parameters, &g, "act\(i)", at)
      }
    }
    x = g.channelsLast(x)
    let output = g.node("Identity", [x.name], output: "output")
    return ONNXGraph(
      name: name, nodes: g.nodes, initializers: g.initializers,
      inputs: [GraphBuilder.pixelInput(model.inputShape)],
      outputs: [GraphBuilder.output(output, .float, model.outputShape)])
  }

  /// The activation `activation` applied to `x` (softmax over the channel axis).
  private static func activate(
    _ x: GraphBuilder.Activation, _ activation: Activation, _ g: inout GraphBuilder, _ i: Int
  ) -> GraphBuilder.Activation {
    var y = x
    switch activation {
    case .linear: return x
    case .relu: y.name = g.node("Relu", [x.name], output: "relu\(i)")
    case .sigmoid: y.name = g.node("Sigmoid", [x.name], output: "sigmoid\(i)")
    case .tanh: y.name = g.node("Tanh", [x.name], output: "tanh\(i)")
    case .softmax:
      let axis = x.shape.count == 3 && x.channelsFirst ? 1 : -1
      y.name = g.node("Softmax", [x.name], output: "softmax\(i)", [("axis", .int(axis))])
    }
    return y
  }
}
