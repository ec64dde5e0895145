import HTMLReport
import TensorEngine

/// The layer table of a float model (also drawn for quantized and integer models).
enum ModelViews {
  /// The layer table of a model: name, output shape, parameters, bytes as float32.
  static func summary(_ model: Sequential) -> TableValue {
    var rows: [[String]] = [["input", shapeText(model.inputShape), "", ""]]
    for (i, layer) in model.summary().enumerated() {
      rows.append([
        "\(i + 1). \(layer.name)", shapeText(layer.outputShape), Format.count(layer.parameters),
        Format.count(layer.parameters * 4),
      ])
    }
    rows.append([
      "total", "", Format.count(model.parameterCount), Format.count(model.parameterCount * 4),
    ])
    return TableValue(
      table: Table(
        caption: "Layers",
        columns: [.init("layer"), .init("output shape")]
          + .numeric(["parameters", "bytes (float32)"]),
        rows: rows))
  }

  static func shapeText(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: "×") }
}

extension [Table.Column] {
  /// Numeric (right-aligned) columns with these headers.
  static func numeric(_ headers: [String]) -> [Table.Column] {
    headers.map { Table.Column($0, .numeric) }
  }
}
