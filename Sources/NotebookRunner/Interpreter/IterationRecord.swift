import TensorEngine

/// What one iteration of a sharded loop (`#| shard: true`) produced, as the cache keeps it:
/// the displays its body drew, the data files it read, and what it added to the loop's
/// gathered tables (`LoopResults`, counted from the iteration's own first display).
///
/// Payload (after the store's header):
///
///     u8 0x4C ('L'), then a `CacheEntry` (displays, data files, no value) as raw bytes,
///     the loop variables seen (strings), the iteration count, "shown other" (bool),
///     metric rows (key values, metrics value, series), scalar rows (key values, then
///     name and value pairs), signal rows (key values, signal value), scalar display
///     positions (ints). Values use `ValueCoding`.
///
/// An iteration computed here is encoded, decoded and then applied, exactly as one restored
/// from the cache, so a run that computed it and a merge that read it draw the same bytes.
struct IterationRecord {
  static let tag: UInt8 = 0x4C

  var entry: CacheEntry
  var results: LoopResults

  /// The bytes, or nil when a gathered value has no cache encoding (`ValueCoding`).
  func encoded() -> [UInt8]? {
    var w = CacheWriter()
    w.u8(Self.tag)
    w.raw(entry.encoded())
    w.strings(results.variables)
    w.int(results.iteration)
    w.bool(results.shownOther)
    var storable = true
    func value(_ v: RuntimeValue, _ w: inout CacheWriter) {
      if !ValueCoding.encode(v, into: &w, reference: { _ in nil }) { storable = false }
    }
    func key(_ values: [RuntimeValue], _ w: inout CacheWriter) {
      w.array(values) { value($1, &$0) }
    }
    w.array(results.metricRows) { w, row in
      key(row.key, &w)
      value(.metrics(row.metrics), &w)
      w.string(row.series)
    }
    w.array(results.scalarRows) { w, row in
      key(row.key, &w)
      w.array(row.values) { w, pair in
        w.string(pair.name)
        value(pair.value, &w)
      }
    }
    w.array(results.signalRows) { w, row in
      key(row.key, &w)
      value(.signal(row.signal), &w)
    }
    w.ints(results.scalarDisplays)
    return storable ? w.bytes : nil
  }
}

extension IterationRecord {
  init(decoding bytes: [UInt8]) throws(CacheDecodingError) {
    var r = CacheReader(bytes)
    guard try r.u8() == Self.tag else { throw CacheDecodingError("not a loop iteration entry") }
    entry = try CacheEntry(decoding: try r.raw())
    let variables = try r.strings()
    guard let first = variables.first else { throw CacheDecodingError("no loop variable") }
    results = LoopResults(variable: first)
    for name in variables.dropFirst() { results.addVariable(name) }
    results.iteration = try r.int()
    results.shownOther = try r.bool()
    let noSplit: SplitResolver = { reference throws(CacheDecodingError) in
      throw CacheDecodingError("a gathered value refers to `\(reference.name)`")
    }
    func value(_ r: inout CacheReader) throws(CacheDecodingError) -> RuntimeValue {
      try ValueCoding.decode(&r, split: noSplit)
    }
    func key(_ r: inout CacheReader) throws(CacheDecodingError) -> [RuntimeValue] {
      try r.array { r throws(CacheDecodingError) in try value(&r) }
    }
    results.metricRows = try r.array { r throws(CacheDecodingError) -> Sweep.Row in
      let k = try key(&r)
      guard case .metrics(let metrics) = try value(&r) else {
        throw CacheDecodingError("a sweep row without metrics")
      }
      return Sweep.Row(key: k, metrics: metrics, series: try r.string())
    }
    results.scalarRows = try r.array { r throws(CacheDecodingError) -> ScalarSweep.Row in
      let k = try key(&r)
      let values = try r.array { r throws(CacheDecodingError) in
        (name: try r.string(), value: try value(&r))
      }
      return ScalarSweep.Row(key: k, values: values)
    }
    results.signalRows = try r.array { r throws(CacheDecodingError) -> SignalSweep.Row in
      let k = try key(&r)
      guard case .signal(let signal) = try value(&r) else {
        throw CacheDecodingError("a signal row without a signal")
      }
      return SignalSweep.Row(key: k, signal: signal)
    }
    results.scalarDisplays = try r.ints()
    guard r.isAtEnd else { throw CacheDecodingError("trailing bytes after the iteration") }
  }

  /// The cache key of iteration `index` (binding `item`) of the loop whose key is `loop`.
  static func key(loop: String, index: Int, item: RuntimeValue) -> String {
    SHA256.hex(Array("quantbook loop iteration 1\0\(loop)\0\(index)\0\(item.inlineText)".utf8))
  }
}

extension LoopResults {
  /// Adds the results of one iteration, computed on its own, after those gathered so far;
  /// `offset` is where the iteration's first display went in the cell's displays.
  mutating func append(_ other: LoopResults, displayOffset offset: Int) {
    for name in other.variables { addVariable(name) }
    metricRows += other.metricRows
    scalarRows += other.scalarRows
    signalRows += other.signalRows
    scalarDisplays += other.scalarDisplays.map { $0 + offset }
    iteration += other.iteration
    // The next iteration's scalars start a new row whatever this value is.
    lastScalarIteration = -1
    shownOther = shownOther || other.shownOther
  }
}
