import Foundation
import HTMLReport
import Quantization
import StepLanguage
import TensorEngine

/// A value while a notebook runs: what a step returns and a name is bound to.
///
/// Values are immutable: steps return new values instead of changing their inputs
/// (`train` returns a trained model that carries its history).
indirect enum RuntimeValue: Sendable {
  case int(Int)
  case float(Double)
  /// A fraction in [0, 1] (accuracy, agreement), shown as a percentage.
  case fraction(Double)
  /// A measured wall time in seconds (`.history.seconds`), typed Float in the language.
  /// Not reproducible: reproducible reports show `Timings.placeholder` instead.
  case duration(Double)
  case bool(Bool)
  case string(String)
  case shape([Int])
  case enumeration(String)
  case list([RuntimeValue])
  case dataset(LoadedDataset)
  case split(NamedSplit)
  case layer(LayerKind)
  case model(ModelValue)
  case quantized(QuantizedValue)
  case integer(IntegerValue)
  case optimizer(Optimizer)
  case history(History)
  case metrics(MetricsValue)
  case table(TableValue)
  case chart(Chart)
  case signal(SignalValue)

  /// A step-language constant as a runtime value.
  init(_ value: Value) {
    switch value {
    case .int(let v): self = .int(v)
    case .float(let v): self = .float(v)
    case .bool(let v): self = .bool(v)
    case .string(let v): self = .string(v)
    case .shape(let v): self = .shape(v)
    case .enumeration(let v): self = .enumeration(v)
    case .list(let values): self = .list(values.map(RuntimeValue.init))
    }
  }

  /// `adam(lr: 0.001)`.
  static func describe(_ optimizer: Optimizer) -> String {
    switch optimizer {
    case .gradientDescent(let lr): return "gd(lr: \(lr))"
    case .sgd(let lr): return "sgd(lr: \(lr))"
    case .momentum(let lr, let mu): return "sgd(lr: \(lr), momentum: \(mu))"
    case .adam(let lr, let b1, let b2, _): return "adam(lr: \(lr), beta1: \(b1), beta2: \(b2))"
    }
  }

  /// A short text for tables, sweep rows and inline prose values.
  var inlineText: String {
    switch self {
    case .int(let v): return Format.count(v)
    case .float(let v): return Format.number(v)
    case .fraction(let v): return Format.percent(v, decimals: 2)
    case .duration(let v): return Format.seconds(v)
    case .bool(let v): return v ? "true" : "false"
    case .string(let v): return v
    case .shape(let v): return v.map(String.init).joined(separator: "×")
    case .enumeration(let v): return v
    case .list(let values): return "[" + values.map(\.inlineText).joined(separator: ", ") + "]"
    case .dataset(let d): return d.name
    case .split(let s): return s.name
    case .layer(let kind): return kind.name
    case .model(let m): return m.label
    case .quantized(let q): return q.label
    case .integer(let i): return i.label
    case .optimizer(let o): return Self.describe(o)
    case .history(let h): return "\(h.epochs.count) epochs"
    case .metrics(let m): return Format.percent(m.evaluation.accuracy)
    case .table(let t): return t.table.caption ?? "table"
    case .chart(let c): return c.title
    case .signal(let s): return s.label
    }
  }
}

/// A data set with where it came from.
struct LoadedDataset: Sendable {
  var dataset: Dataset
  /// `Fashion-MNIST`, `MNIST`, `synthetic (seed 7)`.
  var name: String
  /// `file name -> sha256`, for the report's manifest.
  var checksums: [(file: String, sha256: String)]

  var train: NamedSplit { NamedSplit(split: dataset.train, name: "\(name) train", classNames: dataset.classNames) }
  var test: NamedSplit { NamedSplit(split: dataset.test, name: "\(name) test", classNames: dataset.classNames) }
}

/// A split with a display name and its class names.
struct NamedSplit: Sendable {
  var split: Split
  var name: String
  var classNames: [String]
}

/// A float model: its layers and parameters, and the history of the training that made it.
struct ModelValue: Sendable {
  var model: Sequential
  var history: History?
  /// The name it was bound to, or a description (`trained model`).
  var label: String
  /// The split it was trained on (the default calibration data of a later `quantize`).
  var trainedOn: NamedSplit? = nil
}

/// A quantized model with the float model it came from.
struct QuantizedValue: Sendable {
  var quantized: QuantizedModel
  var source: ModelValue
  /// The name it was bound to.
  var label: String
  /// `4-bit linear symmetric per channel`, `w8a8 ...`.
  var scheme: String
  /// Quantization-aware training's history, for `qat` results.
  var history: History?
}

/// What `evaluate` and `compare` measured.
struct MetricsValue: Sendable {
  var evaluation: Evaluation
  /// The model measured (`net`, `q (4-bit linear)`).
  var modelLabel: String
  var splitName: String
  var classNames: [String]
  /// Fraction of predictions equal to a reference model's (compare, or a quantized model
  /// against the float model it came from).
  var agreement: Double?
  /// Extra figures to show beside accuracy and loss (size, bits, ...), in order.
  var extras: [(name: String, value: RuntimeValue)] = []
}

/// A table value: what the report draws plus the same cells as numbers for the JSON file.
struct TableValue: Sendable {
  var table: Table
  /// Charts drawn under the table (histograms of a per-layer error table, ...).
  var charts: [Chart] = []
  /// For a table of measured times (`speed`): the same table with the times replaced by
  /// `Timings.placeholder`, shown in reproducible reports (without `charts`, which then
  /// only plot times). Nil for tables without measured times.
  var untimed: Table? = nil
}

/// A 1-D teaching signal and, once quantized, its levels and error.
struct SignalValue: Sendable {
  var label: String
  var original: [Double]
  var quantized: [Double]?
  var levels: Int?
  var bits: Int?
  /// The step between neighbouring levels of a linear grid; nil for the signal itself and
  /// for grids whose steps differ (log2).
  var scale: Double? = nil

  var mse: Double {
    guard let quantized else { return 0 }
    return zip(original, quantized).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(original.count)
  }

  /// The largest |original − quantized| over all samples (0 before quantizing).
  var maxError: Double {
    guard let quantized else { return 0 }
    return zip(original, quantized).reduce(0) { max($0, abs($1.0 - $1.1)) }
  }

  var sqnr: Double {
    let power = original.reduce(0) { $0 + $1 * $1 } / Double(original.count)
    let noise = mse
    return noise > 0 ? 10 * log10(power / noise) : .infinity
  }
}
