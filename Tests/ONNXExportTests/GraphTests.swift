import Kernels
import Quantization
import TensorEngine
import Testing

@testable import ONNXExport

/// The exported graphs' structure: ops, wiring, weight layouts and the integers they carry.
/// (Their numbers are checked by running them in ONNX Runtime: scripts/onnx_oracle.py.)
@Suite struct GraphTests {
  /// Every node input is a graph input, an initializer or an earlier node's output; every
  /// name is defined once; every graph output is produced.
  func expectWellFormed(_ graph: ONNXGraph) {
    var defined = Set(graph.inputs.map(\.name))
    for tensor in graph.initializers {
      #expect(!defined.contains(tensor.name), "\(tensor.name) defined twice")
      defined.insert(tensor.name)
    }
    for node in graph.nodes {
      for input in node.inputs { #expect(defined.contains(input), "\(node.op) reads \(input)") }
      for output in node.outputs {
        #expect(!defined.contains(output), "\(output) defined twice")
        defined.insert(output)
      }
    }
    for output in graph.outputs { #expect(defined.contains(output.name)) }
    let used = Set(graph.nodes.flatMap(\.inputs))
    for tensor in graph.initializers {
      #expect(used.contains(tensor.name), "\(tensor.name) unused")
    }
  }

  @Test func floatGraphMapsEveryLayer() throws {
    let graph = try FloatExport.graph(ExportFixture.trained, name: "float")
    expectWellFormed(graph)
    #expect(
      graph.nodes.map(\.op) == [
        "Cast", "Gather", "Transpose", "Conv", "Relu", "MaxPool", "Conv", "Relu", "Transpose",
        "Flatten", "Gemm", "Relu", "Gemm", "Softmax", "Identity",
      ])
    // Conv weights HWIO [3, 3, 1, 4] -> OIHW [4, 1, 3, 3].
    let w = try #require(graph.initializers.first { $0.name == "conv0_weight" })
    #expect(w.dims == [4, 1, 3, 3])
    let hwio = try #require(ExportFixture.trained.layers[0].weights).data
    let oihw = floats(w.raw)
    for o in 0..<4 {
      for y in 0..<3 {
        for x in 0..<3 { #expect(oihw[(o * 3 + y) * 3 + x] == hwio[(y * 3 + x) * 4 + o]) }
      }
    }
    let conv = try #require(graph.nodes.first { $0.op == "Conv" })
    #expect(conv.attributes.first { $0.0 == "pads" }?.1 == .ints([1, 1, 1, 1]))
  }

  @Test func floatGraphMapsPoolingNormalisationAndActivations() throws {
    let kinds: [LayerKind] = [
      .conv2d(filters: 3, kernel: 3, stride: 2, padding: .same, activation: .tanh),
      .batchNorm(momentum: 0.9, epsilon: 1e-3), .avgPool(size: 2, stride: 2),
      .activation(.sigmoid), .flatten, .dense(units: 10, activation: .softmax),
    ]
    let model = try Sequential(inputShape: [28, 28, 1], layers: kinds, seed: 1)
    let graph = try FloatExport.graph(model, name: "mix")
    expectWellFormed(graph)
    #expect(
      graph.nodes.map(\.op) == [
        "Cast", "Gather", "Transpose", "Conv", "Tanh", "BatchNormalization", "AveragePool",
        "Sigmoid", "Transpose", "Flatten", "Gemm", "Softmax", "Identity",
      ])
    // "same" with stride 2 on 28: total padding 1, the odd one at the bottom/right.
    let conv = try #require(graph.nodes.first { $0.op == "Conv" })
    #expect(conv.attributes.first { $0.0 == "pads" }?.1 == .ints([0, 0, 1, 1]))
    let bn = try #require(graph.nodes.first { $0.op == "BatchNormalization" })
    #expect(bn.attributes.first?.1 == .float(1e-3) && bn.inputs.count == 5)
  }

  @Test func fakeQuantGraphDequantizesCodesPerChannel() throws {
    let q = ExportFixture.quantized
    let graph = try FloatExport.graph(q.model, records: ExportFixture.records, name: "fq")
    expectWellFormed(graph)
    let ops = graph.nodes.map(\.op)
    #expect(
      ops.filter { $0 == "DequantizeLinear" }.count == 4
        + ops.filter { $0 == "QuantizeLinear" }.count)
    #expect(
      ops.filter { $0 == "QuantizeLinear" }.count
        == q.model.layers.filter { $0.outputTransform != nil }.count)
    let record = try #require(ExportFixture.records[5])  // dense 12
    let codes = try #require(graph.initializers.first { $0.name == "dense5_weight_codes" })
    #expect(codes.type == .int8 && codes.dims == [record.weights.shape[0], 12])
    #expect(codes.raw.map { Int32(Int8(bitPattern: $0)) } == record.weights.codes)
    let scales = try #require(graph.initializers.first { $0.name == "dense5_weight_scale" })
    #expect(floats(scales.raw) == record.weights.scales)
    let dq = try #require(graph.nodes.first { $0.outputs == ["dense5_weight"] })
    #expect(dq.attributes.first?.1 == .int(1))
  }

  @Test func integerGraphCarriesTheEnginesIntegers() throws {
    let model = ExportFixture.integer
    let graph = try IntegerExport.graph(model, name: "int8", form: .qlinear)
    expectWellFormed(graph)
    #expect(
      graph.nodes.map(\.op) == [
        "Cast", "Gather", "Transpose", "QLinearConv", "MaxPool", "QLinearConv",
        "DequantizeLinear", "Relu", "QuantizeLinear", "Transpose", "Flatten", "MatMulInteger",
        "Add", "DequantizeLinear", "QuantizeLinear", "MatMulInteger", "Add", "DequantizeLinear",
        "Softmax",
      ])
    // Biases and input codes are the engine's, bit for bit.
    let bias = try #require(graph.initializers.first { $0.name == "conv0_bias" })
    #expect(int32s(bias.raw) == model.layers[0].bias)
    let table = try #require(graph.initializers.first { $0.name == "input_codes" })
    #expect(table.raw.map { Int8(bitPattern: $0) } == model.input.codes)
    // x_scale * w_scale / y_scale reproduces the engine's fixed-point multiplier.
    guard case .requantized(let stage, let grid) = model.layers[0].output else {
      Issue.record("conv 0 requantizes")
      return
    }
    let wScale = floats(
      try #require(graph.initializers.first { $0.name == "conv0_weight_scale" }).raw)
    let xScale = model.input.grid.scale
    for c in 0..<stage.channels {
      let engine =
        Double(stage.multipliers[c]) * 0x1p-31
        / Double(sign: .plus, exponent: stage.shifts[c], significand: 1)
      let onnx = Double(xScale) * Double(wScale[c]) / Double(grid.scale)
      #expect(abs(onnx / engine - 1) < 1e-6, "channel \(c): \(onnx) vs \(engine)")
    }
    // ReLU outputs calibrated on [0, max] put real 0 at code -128: the fused ReLU's clamp
    // from the zero point is the int8 range itself, so no Clip is needed.
    #expect(grid.zeroPoint == -128 && stage.outputMin == -128)
  }

  @Test func aClampNarrowerThanInt8BecomesClip() throws {
    let stage = try RequantizationStage(
      multipliers: [1 << 30], shifts: [0], outputZeroPoint: -5, outputMin: -5, outputMax: 100)
    var g = GraphBuilder()
    let x = GraphBuilder.Activation(name: g.fresh("x"), shape: [3], channelsFirst: false)
    let y = IntegerExport.clamp(x, stage, &g, "relu")
    #expect(g.nodes.map(\.op) == ["Clip"] && g.nodes[0].inputs[0] == "x")
    #expect(g.nodes[0].outputs == [y.name])
    #expect(g.initializers.map { Int8(bitPattern: $0.raw[0]) } == [-5, 100])
    let full = try RequantizationStage(multipliers: [1 << 30], shifts: [0], outputZeroPoint: 0)
    var h = GraphBuilder()
    #expect(IntegerExport.clamp(x, full, &h, "none").name == "x" && h.nodes.isEmpty)
  }

  @Test(arguments: [IntegerExport.Form.exact, .qlinear])
  func layerGraphsTakeAndGiveNHWCCodes(form: IntegerExport.Form) throws {
    let model = ExportFixture.integer
    for i in model.layers.indices {
      let graph = try IntegerExport.layerGraph(model, layer: i, form: form)
      expectWellFormed(graph)
      #expect(graph.inputs.map(\.name) == ["input"] && graph.outputs.map(\.name) == ["output"])
      #expect(
        graph.inputs[0].shape.dropFirst() == model.layers[i].inputShape.map { .value($0) }[...])
    }
  }

  @Test func modelFileDecodesWithTheFieldsOfOnnxProto() throws {
    let graph = try IntegerExport.graph(ExportFixture.integer, name: "int8")
    expectWellFormed(graph)
    let bytes = onnxModel(graph, version: "test", metadata: [("k", "v")]).serialized()
    #expect(ProtoReader.fields(bytes) != nil)
    #expect(ProtoReader.varints(bytes, 1) == [7])  // ir_version
    #expect(ProtoReader.strings(bytes, 2) == ["quantbook"])
    let opset = try #require(ProtoReader.messages(bytes, 8).first)
    #expect(ProtoReader.varints(opset, 2) == [13])
    let g = try #require(ProtoReader.messages(bytes, 7).first)
    let nodes = ProtoReader.messages(g, 1)
    #expect(nodes.map { ProtoReader.strings($0, 4).first } == graph.nodes.map(\.op))
    #expect(ProtoReader.messages(g, 5).count == graph.initializers.count)
    #expect(ProtoReader.strings(g, 2) == ["int8"])
    let input = try #require(ProtoReader.messages(g, 11).first)
    #expect(ProtoReader.strings(input, 1) == ["pixels"])
    let meta = try #require(ProtoReader.messages(bytes, 14).first)
    #expect(ProtoReader.strings(meta, 1) == ["k"] && ProtoReader.strings(meta, 2) == ["v"])
  }

  @Test func convWithInt32OutputIsRefused() throws {
    let kinds: [LayerKind] = [
      .conv2d(filters: 10, kernel: 28, stride: 1, padding: .valid, activation: .softmax)
    ]
    let model = try Sequential(inputShape: [28, 28, 1], layers: kinds, seed: 1)
    let q = try quantize(
      model,
      config: QuantizationConfig(activations: ActivationQuantization(), calibrationSamples: 8),
      calibration: ExportFixture.data.test.prefix(8))
    let integer = try IntegerModel(converting: q)
    #expect(throws: ExportError.self) { try IntegerExport.graph(integer, name: "x") }
  }

  func floats(_ raw: [UInt8]) -> [Float] {
    int32s(raw).map { Float(bitPattern: UInt32(bitPattern: $0)) }
  }

  func int32s(_ raw: [UInt8]) -> [Int32] {
    stride(from: 0, to: raw.count, by: 4).map { i in
      Int32(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(raw[i + $1]) << (8 * UInt32($1)) })
    }
  }
}
