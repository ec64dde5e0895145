import HTMLReport

/// A display restored from the cache, stored as drawn: report outputs and JSON, each with and
/// without timings (they differ only for training histories), and the headline figures the
/// index shows.
struct RestoredDisplay: Sendable {
  var outputsTimed: [CellOutput]
  var outputsUntimed: [CellOutput]
  var jsonTimed: JSON
  var jsonUntimed: JSON
  var headlines: [(name: String, value: String)]

  func outputs(timings: Bool) -> [CellOutput] { timings ? outputsTimed : outputsUntimed }
  func json(timings: Bool) -> JSON { timings ? jsonTimed : jsonUntimed }
}

extension RestoredDisplay {
  init(_ display: Display) {
    outputsTimed = DisplayOutputs.outputs(for: display, timings: true)
    outputsUntimed = DisplayOutputs.outputs(for: display, timings: false)
    jsonTimed = ReportJSON.display(for: display, timings: true)
    jsonUntimed = ReportJSON.display(for: display, timings: false)
    headlines = ReportJSON.headlines(in: display)
  }
}

/// What the cache keeps for one top-level statement:
///
///     u8     entry layout (2; 2 since loops gather scalars and signals into tables, so
///            entries that replay a loop's older per-iteration displays are recomputed)
///     displays: count, then per display the timed outputs, a flag "untimed differs" (and
///               those outputs), the timed JSON, the same flag for JSON, the headlines
///     data files read: count, then name, file, sha256
///     value: u8 0 none (a show or a loop) | 1 stored (then its bytes, see `ValueCoding`)
///            | 2 not stored (re-evaluate the statement when a later step needs it)
struct CacheEntry: Sendable {
  enum BoundValue: Sendable {
    case none
    case stored([UInt8])
    case notStored
  }

  static let layout: UInt8 = 2

  var displays: [RestoredDisplay]
  var datasets: [(name: String, file: String, sha256: String)]
  var value: BoundValue

  func encoded() -> [UInt8] {
    var w = CacheWriter()
    w.u8(Self.layout)
    w.array(displays) { w, d in
      w.array(d.outputsTimed) { $0.output($1) }
      w.bool(d.outputsUntimed != d.outputsTimed)
      if d.outputsUntimed != d.outputsTimed { w.array(d.outputsUntimed) { $0.output($1) } }
      w.json(d.jsonTimed)
      w.bool(d.jsonUntimed != d.jsonTimed)
      if d.jsonUntimed != d.jsonTimed { w.json(d.jsonUntimed) }
      w.stringPairs(d.headlines.map { ($0.name, $0.value) })
    }
    w.array(datasets) {
      $0.string($1.name); $0.string($1.file); $0.string($1.sha256)
    }
    switch value {
    case .none: w.u8(0)
    case .stored(let bytes): w.u8(1); w.raw(bytes)
    case .notStored: w.u8(2)
    }
    return w.bytes
  }
}

extension CacheEntry {
  init(decoding bytes: [UInt8]) throws(CacheDecodingError) {
    var r = CacheReader(bytes)
    let layout = try r.u8()
    guard layout == Self.layout else {
      throw CacheDecodingError("entry layout \(layout), expected \(Self.layout)")
    }
    displays = try r.array { r throws(CacheDecodingError) -> RestoredDisplay in
      let timed = try r.array { r throws(CacheDecodingError) in try r.output() }
      let untimed =
        try r.bool() ? try r.array { r throws(CacheDecodingError) in try r.output() } : timed
      let json = try r.json()
      let jsonUntimed = try r.bool() ? try r.json() : json
      return RestoredDisplay(
        outputsTimed: timed, outputsUntimed: untimed, jsonTimed: json, jsonUntimed: jsonUntimed,
        headlines: try r.stringPairs().map { (name: $0.0, value: $0.1) })
    }
    datasets = try r.array { r throws(CacheDecodingError) in
      (name: try r.string(), file: try r.string(), sha256: try r.string())
    }
    switch try r.u8() {
    case 0: value = .none
    case 1: value = .stored(try r.raw())
    case 2: value = .notStored
    case let tag: throw CacheDecodingError("unknown value kind \(tag)")
    }
    guard r.isAtEnd else { throw CacheDecodingError("trailing bytes after the entry") }
  }
}

extension ReportJSON {
  /// The manifest's `cache` list: one object per top-level statement that was reached.
  static func cacheManifest(_ statuses: [StatementStatus]) -> JSON {
    .records(statuses) { status in
      var members: [(String, JSON)] = [
        ("line", .int(status.line)), ("statement", .string(status.statement)),
        ("cached", .bool(status.cached)),
      ]
      if let reason = status.reason { members.append(("reason", .string(reason))) }
      return members
    }
  }
}
