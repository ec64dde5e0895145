import HTMLReport
import TensorEngine

/// Where a model's training split lives among the notebook's names: `data.train` is
/// `(name: "data", member: "train")`. A restored model gets its split back from there.
struct SplitReference: Sendable, Equatable {
  var name: String
  var member: String
}

/// Cache encoding of the values a name can be bound to.
///
/// Stored: numbers, text, lists, float models (`Sequential.serialized()` bytes, history, label,
/// and a `SplitReference` to the split they were trained on), metrics, histories, tables,
/// charts and signals. Not stored (`encode` returns false and the statement is re-evaluated
/// when a later step needs its value): data sets and splits (large and cheap to reload), layers
/// and optimizers (trivial), quantized models (their records have no public initializer
/// outside `Quantization`; re-quantizing from a restored float model is fast), and any kind
/// added later that this file does not know.
enum ValueCoding {
  /// Writes `value`; false when it is not storable. `reference` names a training split.
  static func encode(
    _ value: RuntimeValue, into w: inout CacheWriter, reference: (NamedSplit) -> SplitReference?
  ) -> Bool {
    switch value {
    case .int(let v): w.u8(0); w.int(v)
    case .float(let v): w.u8(1); w.double(v)
    case .fraction(let v): w.u8(2); w.double(v)
    case .bool(let v): w.u8(3); w.bool(v)
    case .string(let v): w.u8(4); w.string(v)
    case .shape(let v): w.u8(5); w.ints(v)
    case .enumeration(let v): w.u8(6); w.string(v)
    case .list(let items):
      w.u8(7); w.int(items.count)
      for item in items where !encode(item, into: &w, reference: reference) { return false }
    case .model(let m):
      var split: SplitReference?
      if let trained = m.trainedOn {
        guard let found = reference(trained) else { return false }
        split = found
      }
      w.u8(8); w.raw(m.model.serialized()); w.optional(m.history) { $0.history($1) }; w.string(m.label)
      w.optional(split) { $0.string($1.name); $0.string($1.member) }
    case .metrics(let m):
      w.u8(9); w.evaluation(m.evaluation); w.string(m.modelLabel); w.string(m.splitName); w.strings(m.classNames)
      w.optional(m.agreement) { $0.double($1) }
      w.int(m.extras.count)
      for extra in m.extras {
        w.string(extra.name)
        if !encode(extra.value, into: &w, reference: reference) { return false }
      }
    case .history(let h): w.u8(10); w.history(h)
    case .table(let t) where t.untimed != nil: return false  // measured times: re-measured, not stored
    case .table(let t): w.u8(11); w.table(t.table); w.array(t.charts) { $0.chart($1) }
    case .chart(let c): w.u8(12); w.chart(c)
    case .signal(let s):
      w.u8(13); w.string(s.label); w.doubles(s.original); w.optional(s.quantized) { $0.doubles($1) }
      w.optional(s.levels) { $0.int($1) }; w.optional(s.bits) { $0.int($1) }; w.optional(s.scale) { $0.double($1) }
    default: return false
    }
    return true
  }

  /// Reads a value written by `encode`; `split` resolves a model's training split.
  static func decode(
    _ r: inout CacheReader, split: (SplitReference) throws(CacheDecodingError) -> NamedSplit
  ) throws(CacheDecodingError) -> RuntimeValue {
    switch try r.u8() {
    case 0: return .int(try r.int())
    case 1: return .float(try r.double())
    case 2: return .fraction(try r.double())
    case 3: return .bool(try r.bool())
    case 4: return .string(try r.string())
    case 5: return .shape(try r.ints())
    case 6: return .enumeration(try r.string())
    case 7:
      let n = try r.count()
      var items: [RuntimeValue] = []
      for _ in 0..<n { items.append(try decode(&r, split: split)) }
      return .list(items)
    case 8:
      let model: Sequential
      do {
        model = try Sequential(serialized: try r.raw())
      } catch let error as CacheDecodingError {
        throw error
      } catch {
        throw CacheDecodingError("model bytes: \(error)")
      }
      let history = try r.optional { r throws(CacheDecodingError) in try r.history() }
      let label = try r.string()
      let reference = try r.optional { r throws(CacheDecodingError) in SplitReference(name: try r.string(), member: try r.string()) }
      var trainedOn: NamedSplit?
      if let reference { trainedOn = try split(reference) }
      return .model(ModelValue(model: model, history: history, label: label, trainedOn: trainedOn))
    case 9:
      var m = MetricsValue(
        evaluation: try r.evaluation(), modelLabel: try r.string(), splitName: try r.string(), classNames: try r.strings())
      m.agreement = try r.optional { r throws(CacheDecodingError) in try r.double() }
      let n = try r.count()
      for _ in 0..<n { m.extras.append((try r.string(), try decode(&r, split: split))) }
      return .metrics(m)
    case 10: return .history(try r.history())
    case 11:
      let table = try r.table()
      return .table(TableValue(table: table, charts: try r.array { r throws(CacheDecodingError) in try r.chart() }))
    case 12: return .chart(try r.chart())
    case 13:
      let label = try r.string()
      let original = try r.doubles()
      let quantized = try r.optional { r throws(CacheDecodingError) in try r.doubles() }
      let levels = try r.optional { r throws(CacheDecodingError) in try r.int() }
      let bits = try r.optional { r throws(CacheDecodingError) in try r.int() }
      let scale = try r.optional { r throws(CacheDecodingError) in try r.double() }
      return .signal(SignalValue(
        label: label, original: original, quantized: quantized, levels: levels, bits: bits, scale: scale))
    case let tag: throw CacheDecodingError("unknown value tag \(tag)")
    }
  }
}

extension CacheWriter {
  mutating func evaluation(_ e: Evaluation) {
    double(e.accuracy); double(e.loss); doubles(e.perClassAccuracy); array(e.confusion) { $0.ints($1) }; ints(e.predictions)
  }

  mutating func history(_ h: History) {
    array(h.epochs) { w, e in
      w.int(e.epoch); w.float(e.learningRate); w.double(e.trainLoss); w.double(e.trainAccuracy)
      w.optional(e.testLoss) { $0.double($1) }; w.optional(e.testAccuracy) { $0.double($1) }
      w.double(e.seconds); w.double(e.imagesPerSecond)
    }
  }
}

extension CacheReader {
  mutating func evaluation() throws(CacheDecodingError) -> Evaluation {
    Evaluation(
      accuracy: try double(), loss: try double(), perClassAccuracy: try doubles(),
      confusion: try array { r throws(CacheDecodingError) in try r.ints() }, predictions: try ints())
  }

  mutating func history() throws(CacheDecodingError) -> History {
    History(epochs: try array { r throws(CacheDecodingError) -> EpochRecord in
      EpochRecord(
        epoch: try r.int(), learningRate: try r.float(), trainLoss: try r.double(),
        trainAccuracy: try r.double(),
        testLoss: try r.optional { r throws(CacheDecodingError) in try r.double() },
        testAccuracy: try r.optional { r throws(CacheDecodingError) in try r.double() },
        seconds: try r.double(), imagesPerSecond: try r.double())
    })
  }
}
