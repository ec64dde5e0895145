import Kernels
import Quantization
import TensorEngine

extension RecurrentExport {
  /// ONNX's `W [1, gates·H, F]` and `R [1, gates·H, H]` from the packed `[F + H, gates·H]`:
  /// row `g·H + j` of W is Keras's column `kerasGate(g)·H + j` of the kernel rows, R the same
  /// of the recurrent rows. With a fake-quant `record` holding affine codes (per tensor, or per
  /// column of the packed matrix), the int8 codes go through DequantizeLinear (per channel:
  /// axis 1, the columns' scales in the same order); otherwise the float values the engine
  /// uses (its weight transform applied).
  static func matrices(
    _ layer: Layer, _ i: Int, _ cell: RecurrentCell, _ f: Int, _ hidden: Int,
    _ record: LayerQuantizationRecord?, _ g: inout GraphBuilder, _ at: String
  ) throws -> (String, String) {
    guard let packed = layer.weights else { throw ExportError("\(at): it has no weights") }
    let width = cell.gateCount * hidden
    /// Packed column of ONNX row `row`.
    func column(_ row: Int) -> Int { kerasGate(cell, onnx: row / hidden) * hidden + row % hidden }
    func reorder<T>(_ values: [T], firstRow: Int, rows: Int) -> [T] {
      (0..<width).flatMap { o in (0..<rows).map { values[(firstRow + $0) * width + column(o)] } }
    }
    let base = "\(["rnn", "gru", "lstm"][RecurrentCell.allCases.firstIndex(of: cell)!])\(i)"
    if let q = record?.weights, let perChannel = FloatExport.affineLayout(q, outputAxis: 1) {
      let codes = q.codes.map { Int8($0) }
      var scale: String
      var zero: String
      var attributes: [(String, ONNXAttributeValue)] = []
      if perChannel {
        let order = (0..<width).map(column)
        scale = g.floats(base + "_scale", order.map { q.scales[$0] })
        zero = g.int8s(base + "_zero_point", order.map { Int8(q.zeroPoints[$0]) }, dims: [width])
        attributes = [("axis", .int(1))]
      } else {
        scale = g.floatScalar(base + "_scale", q.scales[0])
        zero = g.int8Scalar(base + "_zero_point", Int8(q.zeroPoints[0]))
      }
      let wCodes = g.int8s(
        base + "_W_codes", reorder(codes, firstRow: 0, rows: f), dims: [1, width, f])
      let rCodes = g.int8s(
        base + "_R_codes", reorder(codes, firstRow: f, rows: hidden), dims: [1, width, hidden])
      return (
        g.node("DequantizeLinear", [wCodes, scale, zero], output: base + "_W", attributes),
        g.node("DequantizeLinear", [rCodes, scale, zero], output: base + "_R", attributes)
      )
    }
    var values = packed.data
    if let transform = layer.weightTransform {
      values = transform.fakeQuantize(values, shape: packed.shape)
    }
    return (
      g.floats(base + "_W", reorder(values, firstRow: 0, rows: f), dims: [1, width, f]),
      g.floats(base + "_R", reorder(values, firstRow: f, rows: hidden), dims: [1, width, hidden])
    )
  }
}
