/// Where a model's training split lives among the notebook's names: `data.train` is
/// `(name: "data", member: "train")`. A restored model gets its split back from there.
struct SplitReference: Sendable, Equatable {
  var name: String
  var member: String
}

/// Cache encoding of the values a name can be bound to: the plain values here (tags 0-7),
/// each kind by its `ValueKind.encode` (tags 8-13: float models, metrics, histories, tables,
/// charts, signals) and `RuntimeValue.decodeKind`.
///
/// Not stored (`encode` returns false and the statement is re-evaluated when a later step
/// needs its value): data sets and splits (large and cheap to reload), layers and optimizers
/// (trivial), quantized and integer models (their records have no public initializer outside
/// `Quantization`; re-quantizing from a restored float model is fast), and any kind whose
/// `encode` keeps the default.
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
    default: return value.kind?.encode(into: &w, reference: reference) ?? false  // the kinds
    }
    return true
  }

  /// Reads a value written by `encode`; `split` resolves a model's training split.
  static func decode(_ r: inout CacheReader, split: SplitResolver) throws(CacheDecodingError)
    -> RuntimeValue
  {
    switch try r.u8() {
    case 0: return .int(try r.int())
    case 1: return .float(try r.double())
    case 2: return .fraction(try r.double())
    case 3: return .bool(try r.bool())
    case 4: return .string(try r.string())
    case 5: return .shape(try r.ints())
    case 6: return .enumeration(try r.string())
    case 7:
      return .list(try r.array { r throws(CacheDecodingError) in try decode(&r, split: split) })
    case let tag:
      guard let value = try RuntimeValue.decodeKind(tag: tag, &r, split: split) else {
        throw CacheDecodingError("unknown value tag \(tag)")
      }
      return value
    }
  }
}
