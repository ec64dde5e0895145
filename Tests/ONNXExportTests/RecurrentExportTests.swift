import Kernels
import TensorEngine
import Testing

@testable import ONNXExport

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
