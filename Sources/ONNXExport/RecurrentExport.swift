import Kernels
import Quantization
import TensorEngine

/// Token models (an `embedding` first, then a recurrent layer, then dense layers) in ONNX.
///
/// - input `pixels`: uint8 `[N, T]` token indices (0 = padding, which ends a sequence), cast to
///   int32: the embedding reads them directly (a token model's input encoding is the identity);
/// - embedding `[vocabulary, width]` -> Gather: `[N, T, width]`;
/// - lengths: `len[n]` = the position of the first 0 token (`T` when none): Equal(tokens, 0)
///   -> CumSum over T -> Equal(., 0) -> ReduceSum, as int32 `sequence_lens`;
/// - recurrent layer -> ONNX `RNN` / `GRU` / `LSTM` (opset 13, forward, time-major `[T, N, F]`
///   after a Transpose) with `sequence_lens`; its `Y_h` `[1, N, H]` is the state after each
///   sequence's last valid step, Squeezed to `[N, H]`: Quantbook's layer output.
///
/// Weights: Quantbook (Keras) packs `[F + H, gates·H]` (kernel rows, then recurrent kernel rows)
/// with gate blocks in Keras order (GRU `z r h`, LSTM `i f c o`); ONNX wants `W [1, gates·H, F]`
/// and `R [1, gates·H, H]` (transposed) with its gate order (GRU `z r h`, LSTM `i o f c`) and
/// `B [1, 2·gates·H]` = input bias then recurrent bias (the GRU's second bias row; zeros for
/// the others). Keras's GRU (`reset_after: true`) is ONNX's `linear_before_reset = 1`.
enum RecurrentExport {
  /// Keras's gate block feeding ONNX's gate block `g`.
  static func kerasGate(_ cell: RecurrentCell, onnx g: Int) -> Int {
    switch cell {
    case .simple, .gru: return g
    case .lstm: return [0, 3, 1, 2][g]  // ONNX i o f c <- Keras i f c o
    }
  }

  /// The token input: `pixels` cast to int32 indices `[N, T]`.
  static func tokens(_ g: inout GraphBuilder, steps: Int) -> GraphBuilder.Activation {
    let name = g.cast("pixels", to: .int32, output: "tokens")
    return .init(name: name, shape: [steps], channelsFirst: false)
  }

  /// Gather of the table `[vocabulary, width]` (fake-quant values when the weight transform
  /// says so): `[N, T] -> [N, T, width]`.
  static func embedding(
    _ layer: Layer, _ i: Int, tokens: GraphBuilder.Activation, shape: [Int],
    _ g: inout GraphBuilder, _ at: String
  ) throws -> GraphBuilder.Activation {
    guard let table = layer.weights else { throw ExportError("\(at): it has no table") }
    let e = g.floats("embedding\(i)", FloatExport.computed(layer, table), dims: table.shape)
    let out = g.node("Gather", [e, tokens.name], output: "embedded\(i)", [("axis", .int(0))])
    return .init(name: out, shape: shape, channelsFirst: false)
  }

  /// `sequence_lens` (int32 `[N]`) of the token indices.
  static func lengths(_ tokens: GraphBuilder.Activation, _ g: inout GraphBuilder) -> String {
    let zero = g.int32s("token_padding", [0], dims: [])
    let isPad = g.node("Equal", [tokens.name, zero], output: "is_padding")
    let count = g.cast(isPad, to: .int32, output: "padding_i32")
    let seen = g.node(
      "CumSum", [count, g.int32s("time_axis", [1], dims: [])], output: "padding_seen")
    let valid = g.node("Equal", [seen, zero], output: "before_padding")
    let ones = g.cast(valid, to: .int32, output: "valid_i32")
    return g.node(
      "ReduceSum", [ones, g.int64s("time_axes", [1], dims: [1])], output: "sequence_lens",
      [("keepdims", .int(0))])
  }

  /// The recurrent layer on `x` (`[N, T, F]`): its last valid state `[N, H]`.
  static func recurrent(
    _ layer: Layer, _ i: Int, cell: RecurrentCell, hidden: Int, x: GraphBuilder.Activation,
    lengths: String, records: RecurrentWeightRecords?, _ g: inout GraphBuilder, _ at: String
  ) throws -> GraphBuilder.Activation {
    guard let packed = layer.weights, x.shape.count == 2 else {
      throw ExportError("\(at): it has no weights or does not read [steps, features]")
    }
    let f = x.shape[1]
    let width = cell.gateCount * hidden
    guard packed.count == (f + hidden) * width else {
      throw ExportError("\(at): weights are not [\(f) + \(hidden), \(width)]")
    }
    let bias = layer.bias?.data ?? []
    guard bias.count == (cell == .gru ? 2 : 1) * width else {
      throw ExportError("\(at): its bias has \(bias.count) values")
    }
    let (w, r) = try matrices(layer, i, cell, f, hidden, records, &g, at)
    var b = [Float](repeating: 0, count: 2 * width)
    for onnxGate in 0..<cell.gateCount {
      let k = kerasGate(cell, onnx: onnxGate)
      for j in 0..<hidden {
        b[onnxGate * hidden + j] = bias[k * hidden + j]
        if cell == .gru { b[width + onnxGate * hidden + j] = bias[width + k * hidden + j] }
      }
    }
    let timeMajor = g.node(
      "Transpose", [x.name], output: "time_major\(i)", [("perm", .ints([1, 0, 2]))])
    let op: String
    var attributes: [(String, ONNXAttributeValue)] = [("hidden_size", .int(hidden))]
    switch cell {
    case .simple: op = "RNN"
    case .gru:
      op = "GRU"
      attributes.append(("linear_before_reset", .int(1)))
    case .lstm: op = "LSTM"
    }
    let state = g.fresh("\(op.lowercased())\(i)_state")
    g.nodes.append(
      ONNXNode(
        op: op, name: g.fresh("node_" + state),
        inputs: [
          timeMajor, w, r, g.floats("\(op.lowercased())\(i)_B", b, dims: [1, 2 * width]),
          lengths,
        ],
        outputs: ["", state], attributes: attributes))
    let out = g.node(
      "Squeeze", [state, g.int64s("direction_axis\(i)", [0], dims: [1])], output: "recurrent\(i)")
    return .init(name: out, shape: [hidden], channelsFirst: false)
  }
}
