import Kernels
import Quantization
import TensorEngine

/// How a recurrent layer's weights were fake-quantized.
public enum RecurrentWeightRecords: Sendable {
  /// One record over the packed `[F + H, gates·H]` matrix (per tensor, or per column).
  case packed(LayerQuantizationRecord)
  /// One record for the input kernel W `[F, gates·H]` and one for the recurrent kernel U
  /// `[H, gates·H]`, each with its own scales (what `quantize` records for a recurrent
  /// layer: per output column of each matrix).
  case split(w: LayerQuantizationRecord, u: LayerQuantizationRecord)
}

extension RecurrentExport {
  /// ONNX's `W [1, gates·H, F]` and `R [1, gates·H, H]` from the packed `[F + H, gates·H]`:
  /// row `g·H + j` of W is Keras's column `kerasGate(g)·H + j` of the kernel rows, R the same
  /// of the recurrent rows. With fake-quant `records` holding affine codes (per tensor, or per
  /// column), the int8 codes go through DequantizeLinear (per channel: axis 1, the columns'
  /// scales in the same order); otherwise the float values the engine uses (its weight
  /// transform applied).
  static func matrices(
    _ layer: Layer, _ i: Int, _ cell: RecurrentCell, _ f: Int, _ hidden: Int,
    _ records: RecurrentWeightRecords?, _ g: inout GraphBuilder, _ at: String
  ) throws -> (String, String) {
    guard let packed = layer.weights else { throw ExportError("\(at): it has no weights") }
    let width = cell.gateCount * hidden
    let base = "\(["rnn", "gru", "lstm"][RecurrentCell.allCases.firstIndex(of: cell)!])\(i)"
    let exporter = MatrixExport(cell: cell, hidden: hidden, width: width, base: base)
    switch records {
    case .packed(let record):
      let q = record.weights
      guard q.codes.count == (f + hidden) * width else {
        throw ExportError("\(at): its quantization record does not cover [\(f + hidden), \(width)]")
      }
      if let perChannel = FloatExport.affineLayout(q, outputAxis: 1) {
        let grid = exporter.grid(q, perChannel: perChannel, suffix: "", &g)
        return (
          exporter.dequantized(q, firstRow: 0, rows: f, grid: grid, name: "W", &g),
          exporter.dequantized(q, firstRow: f, rows: hidden, grid: grid, name: "R", &g)
        )
      }
    case .split(let w, let u):
      guard w.weights.codes.count == f * width, u.weights.codes.count == hidden * width else {
        throw ExportError(
          "\(at): its quantization records are not [\(f), \(width)] and "
            + "[\(hidden), \(width)]")
      }
      if let wChannel = FloatExport.affineLayout(w.weights, outputAxis: 1),
        let uChannel = FloatExport.affineLayout(u.weights, outputAxis: 1)
      {
        let wGrid = exporter.grid(w.weights, perChannel: wChannel, suffix: "_W", &g)
        let uGrid = exporter.grid(u.weights, perChannel: uChannel, suffix: "_R", &g)
        return (
          exporter.dequantized(w.weights, firstRow: 0, rows: f, grid: wGrid, name: "W", &g),
          exporter.dequantized(u.weights, firstRow: 0, rows: hidden, grid: uGrid, name: "R", &g)
        )
      }
    case nil: break
    }
    let values = FloatExport.computed(layer, packed)
    return (
      g.floats(base + "_W", exporter.reorder(values, firstRow: 0, rows: f), dims: [1, width, f]),
      g.floats(
        base + "_R", exporter.reorder(values, firstRow: f, rows: hidden), dims: [1, width, hidden])
    )
  }
}

/// Moves one recurrent layer's matrices from Keras's packed layout to ONNX's.
private struct MatrixExport {
  let cell: RecurrentCell
  let hidden: Int
  let width: Int
  let base: String

  /// Packed column of ONNX row `row`.
  func column(_ row: Int) -> Int {
    RecurrentExport.kerasGate(cell, onnx: row / hidden) * hidden + row % hidden
  }

  /// `[width, rows]` (ONNX rows, one per gate unit) from rows `firstRow..<firstRow + rows` of
  /// a row-major `[_, width]` matrix.
  func reorder<T>(_ values: [T], firstRow: Int, rows: Int) -> [T] {
    (0..<width).flatMap { o in (0..<rows).map { values[(firstRow + $0) * width + column(o)] } }
  }

  /// The scale and zero point of `q` (per column in ONNX's gate order, or one per tensor).
  func grid(_ q: QuantizedWeights, perChannel: Bool, suffix: String, _ g: inout GraphBuilder)
    -> GraphBuilder.Grid
  {
    let order = perChannel ? (0..<width).map(column) : [0]
    return g.grid(
      base + suffix, scales: order.map { q.scales[$0] },
      zeroPoints: order.map { Int8(q.zeroPoints[$0]) }, axis: perChannel ? 1 : nil)
  }

  /// DequantizeLinear of the codes of `rows` rows of `q` from `firstRow`, as `[1, width, rows]`.
  func dequantized(
    _ q: QuantizedWeights, firstRow: Int, rows: Int, grid: GraphBuilder.Grid, name: String,
    _ g: inout GraphBuilder
  ) -> String {
    let codes = g.int8s(
      base + "_\(name)_codes", reorder(q.codes.map { Int8($0) }, firstRow: firstRow, rows: rows),
      dims: [1, width, rows])
    return g.node(
      "DequantizeLinear", [codes, grid.scale, grid.zero], output: base + "_\(name)",
      grid.attributes)
  }
}
