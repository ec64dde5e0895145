import HTMLReport
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
  case claim(ClaimValue)

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

  /// A short text for tables, sweep rows and inline prose values.
  var inlineText: String {
    switch self {
    case .int(let v): return Format.count(v)
    case .float(let v): return Format.number(v)
    case .fraction(let v): return Format.percent(v, decimals: 2)
    case .duration(let v): return Format.seconds(v)
    case .bool(let v): return v ? "true" : "false"
    case .string(let v), .enumeration(let v): return v
    case .shape(let v): return v.map(String.init).joined(separator: "×")
    case .list(let values): return "[" + values.map(\.inlineText).joined(separator: ", ") + "]"
    default: return kind?.inlineText ?? ""  // the kinds
    }
  }

  /// The one list of kinds: the kind of each value that has one (`ValueKind`), nil for the
  /// plain values the machinery handles itself. A new kind adds its case above, a line here
  /// and, when it is cached, a line in `decodeKind`.
  var kind: (any ValueKind)? {
    switch self {
    case .int, .float, .fraction, .duration, .bool, .string, .shape, .enumeration, .list: return nil
    case .dataset(let v): return v
    case .split(let v): return v
    case .layer(let v): return v
    case .model(let v): return v
    case .quantized(let v): return v
    case .integer(let v): return v
    case .optimizer(let v): return v
    case .history(let v): return v
    case .metrics(let v): return v
    case .table(let v): return v
    case .chart(let v): return v
    case .signal(let v): return v
    case .claim(let v): return v
    }
  }

  /// Reads back a kind written by its `encode`, by the cache tag it wrote; nil for a tag of
  /// no kind (a plain value's, or an unknown one).
  static func decodeKind(tag: UInt8, _ r: inout CacheReader, split: SplitResolver)
    throws(CacheDecodingError)
    -> RuntimeValue?
  {
    switch tag {
    case 8: return .model(try ModelValue.decode(&r, split: split))
    case 9: return .metrics(try MetricsValue.decode(&r, split: split))
    case 10: return .history(try r.history())
    case 11: return .table(try TableValue.decode(&r))
    case 12: return .chart(try r.chart())
    case 13: return .signal(try SignalValue.decode(&r))
    default: return nil
    }
  }
}

/// Finds the split a restored model was trained on (`Interpreter+Cache`).
typealias SplitResolver = (SplitReference) throws(CacheDecodingError) -> NamedSplit
