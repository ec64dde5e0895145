import Kernels
import TensorEngine
import Testing

@testable import ONNXExport
@testable import Quantization

/// Recurrent word classifiers' graphs: the ops, and the weights moved from Keras's packed
/// layout and gate order to ONNX's. (ONNX Runtime runs them against Quantbook in the oracle,
/// scripts/onnx_oracle.py, on Tests/Oracle/export-words.md.)
@Suite struct RecurrentExportTests {
  func model(_ cell: RecurrentCell) throws -> Sequential {
    try Sequential(
      inputShape: [5],
      layers: [
        .embedding(vocabulary: 7, width: 3), .recurrent(cell: cell, units: 2),
        .dense(units: 4, activation: .softmax),
      ], seed: 3)
  }

  func floats(_ t: ONNXTensor) -> [Float] {
    stride(from: 0, to: t.raw.count, by: 4).map { i in
      Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(t.raw[i + $1]) << (8 * $1) })
    }
  }

  @Test(arguments: RecurrentCell.allCases)
  func opsAndWiring(cell: RecurrentCell) throws {
    let graph = try FloatExport.graph(try model(cell), name: "words")
    GraphTests().expectWellFormed(graph)
    let op = ["RNN", "GRU", "LSTM"][RecurrentCell.allCases.firstIndex(of: cell)!]
    #expect(
      graph.nodes.map(\.op) == [
        "Cast", "Gather", "Equal", "Cast", "CumSum", "Equal", "Cast", "ReduceSum", "Transpose",
        op, "Squeeze", "Gemm", "Softmax", "Identity",
      ])
    let recurrent = try #require(graph.nodes.first { $0.op == op })
    #expect(recurrent.inputs.last == "sequence_lens" && recurrent.outputs.first == "")
    #expect(recurrent.attributes.contains { $0.0 == "hidden_size" && $0.1 == .int(2) })
    #expect(
      recurrent.attributes.contains { $0.0 == "linear_before_reset" } == (cell == .gru))
    #expect(graph.inputs[0].type == .uint8)
  }

  @Test(arguments: RecurrentCell.allCases)
  func weightsInOnnxLayoutAndGateOrder(cell: RecurrentCell) throws {
    let m = try model(cell)
    let graph = try FloatExport.graph(m, name: "words")
    let (f, h, gates) = (3, 2, cell.gateCount)
    let width = gates * h
    let packed = try #require(m.layers[1].weights).data
    let bias = try #require(m.layers[1].bias).data
    let name = ["rnn", "gru", "lstm"][RecurrentCell.allCases.firstIndex(of: cell)!] + "1"
    let w = floats(try #require(graph.initializers.first { $0.name == name + "_W" }))
    let r = floats(try #require(graph.initializers.first { $0.name == name + "_R" }))
    let b = floats(try #require(graph.initializers.first { $0.name == name + "_B" }))
    // ONNX gate g reads Keras's gate block: LSTM i o f c <- i f c o; the others in order.
    let keras = cell == .lstm ? [0, 3, 1, 2] : Array(0..<gates)
    for g in 0..<gates {
      for j in 0..<h {
        let column = keras[g] * h + j
        for k in 0..<f { #expect(w[(g * h + j) * f + k] == packed[k * width + column]) }
        for k in 0..<h { #expect(r[(g * h + j) * h + k] == packed[(f + k) * width + column]) }
        #expect(b[g * h + j] == bias[column])
        #expect(b[width + g * h + j] == (cell == .gru ? bias[width + column] : 0))
      }
    }
  }
}

/// A recurrent layer with a fake-quant record (per-column int8 codes of the packed matrix):
/// W and R become DequantizeLinear of the codes, moved like the float weights, with the
/// columns' scales in ONNX's gate order.
@Suite struct RecurrentFakeQuantExportTests {
  @Test func packedCodesAndScalesFollowTheGateOrder() throws {
    let m = try RecurrentExportTests().model(.lstm)
    let packed = try #require(m.layers[1].weights)
    let quantizer = LinearQuantizer(bits: 8, scheme: .symmetric, granularity: .perChannel)
    let q = try quantizer.quantize(packed.data, shape: packed.shape)
    let record = LayerQuantizationRecord(
      layerIndex: 1, sourceLayerIndex: 1, name: "lstm", method: .linear(quantizer), weights: q,
      metrics: try q.errorMetrics(original: packed.data), foldedBatchNorm: false,
      activationRange: nil)
    let graph = try FloatExport.graph(m, records: [1: record], name: "words")
    GraphTests().expectWellFormed(graph)
    let (f, h, width) = (3, 2, 8)
    let keras = [0, 3, 1, 2]
    let codes = try #require(graph.initializers.first { $0.name == "lstm1_W_codes" })
    let rCodes = try #require(graph.initializers.first { $0.name == "lstm1_R_codes" })
    let scales = RecurrentExportTests().floats(
      try #require(graph.initializers.first { $0.name == "lstm1_scale" }))
    #expect(codes.dims == [1, width, f] && rCodes.dims == [1, width, h])
    for g in 0..<4 {
      for j in 0..<h {
        let column = keras[g] * h + j
        #expect(scales[g * h + j] == q.scales[column])
        for k in 0..<f {
          #expect(
            Int32(Int8(bitPattern: codes.raw[(g * h + j) * f + k])) == q.codes[k * width + column])
        }
        for k in 0..<h {
          #expect(
            Int32(Int8(bitPattern: rCodes.raw[(g * h + j) * h + k]))
              == q.codes[(f + k) * width + column])
        }
      }
    }
    let dq = graph.nodes.filter { $0.op == "DequantizeLinear" }.map(\.outputs[0])
    #expect(dq.contains("lstm1_W") && dq.contains("lstm1_R"))
  }
}
