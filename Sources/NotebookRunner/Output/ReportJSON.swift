import HTMLReport
import StepLanguage
import TensorEngine

/// `NAME.json` beside each report: the run's manifest and every displayed value in
/// machine-readable form, so scripts read results without parsing HTML.
enum ReportJSON {
  static func document(_ record: RunRecord) -> JSON {
    let prepared = record.prepared
    let cells = prepared.notebook.codeCells.map { code -> JSON in
      let run = record.run(ofCell: code.index)
      let status = run == nil ? "not run" : (run?.failure == nil ? "ok" : "failed")
      var members: [(String, JSON)] = [
        ("index", .int(code.index)), ("line", .int(code.codeRange.start.line)),
        ("status", .string(status)),
      ]
      let options =
        prepared.checked.cells.indices.contains(code.index)
        ? prepared.checked.cells[code.index].options : CellOptions()
      if let caption = options.caption { members.append(("caption", .string(caption))) }
      if let label = options.label { members.append(("label", .string(label))) }
      if let run {
        members.append(
          ("outputs", .array(run.displays.map { display(for: $0, timings: !record.reproducible) })))
        if let failure = run.failure { members.append(("error", .string(failure.message))) }
        if !record.reproducible { members.append(("seconds", .number(run.seconds))) }
      }
      return .object(members)
    }
    var manifest: [(String, JSON)] = [
      ("notebook", .string(prepared.path)), ("title", .string(prepared.notebook.title)),
      ("status", .string(record.succeeded ? "ok" : "failed")),
      ("quantbook", .string(record.host.engineVersion)),
      ("date", .string(record.date)), ("seed", .int(Int(prepared.seed))),
      ("threads", .int(record.host.threads)), ("convolution", .string(record.convolution.rawValue)),
      ("parameters", .object(prepared.parameters.map { ($0.name, .string($0.value.description)) })),
      (
        "datasets",
        .records(record.datasets) {
          [("name", .string($0.name)), ("file", .string($0.file)), ("sha256", .string($0.sha256))]
        }
      ),
      ("cpu", .array(record.host.cpuFeatures.map { .string($0) })),
    ]
    // Cache status is left out of reproducible (SOURCE_DATE_EPOCH) output, like timings.
    if !record.reproducible {
      manifest += [
        ("seconds", .number(record.seconds)), ("cache", cacheManifest(record.cacheStatuses)),
      ]
    }
    let inline = zip(prepared.notebook.inlineExpressions, record.inlineTexts)
    manifest += [
      (
        "headlines",
        .records(headlines(record)) { [("name", .string($0.name)), ("value", .string($0.value))] }
      ),
      ("cells", .array(cells)), ("claims", .array(ClaimSummary.claims(record))),
      (
        "inline",
        .records(Array(inline)) { [("expression", .string($0.0.text)), ("value", .string($0.1))] }
      ),
      // Formulas keep their TeX source, so a script (or a notebook export) can typeset them.
      (
        "math",
        .records(prepared.notebook.proseCells.flatMap(\.formulas)) {
          [
            ("tex", .string($0.tex)), ("display", .bool($0.display)),
            ("line", .int($0.range.start.line)),
          ]
        }
      ),
    ]
    return .object(manifest)
  }

  /// The figures the index shows for a report: the last few accuracies measured.
  static func headlines(_ record: RunRecord) -> [(name: String, value: String)] {
    Array(record.cellRuns.compactMap { $0 }.flatMap(\.displays).flatMap(headlines(in:)).suffix(3))
  }

  /// The headline figures of one display.
  static func headlines(in display: Display) -> [(name: String, value: String)] {
    switch display {
    case .value(.metrics(let m), _):
      return [("\(m.modelLabel) accuracy", Format.percent(m.evaluation.accuracy, decimals: 2))]
    case .sweep(let sweep):
      return SweepHeadline.headline(sweep).map { [$0] } ?? []
    case .restored(let restored): return restored.headlines
    default: return []
    }
  }

  static func display(for display: Display, timings: Bool) -> JSON {
    switch display {
    case .value(let value, let title):
      var json = self.value(value, timings: timings)
      if let title, case .object(var members) = json {
        members.insert(("title", .string(title)), at: 1)
        json = .object(members)
      }
      return json
    case .sweep(let sweep):
      return sweepJSON(
        "sweep", variables: sweep.variables, rows: sweep.rows, timings: timings, key: \.key
      ) { SweepColumns.members($0.metrics.jsonMembers(full: false), avoiding: sweep.variables) }
    case .scalarSweep(let sweep): return scalarSweep(sweep)
    case .signalSweep(let sweep): return signalSweep(sweep)
    case .restored(let restored): return restored.json(timings: timings)
    }
  }

  static func value(_ value: RuntimeValue, timings: Bool) -> JSON {
    switch value {
    case .int(let v): return .int(v)
    case .float(let v), .fraction(let v): return .number(v)
    case .duration(let v): return timings ? .number(v) : .string(Timings.placeholder)
    case .bool(let v): return .bool(v)
    case .string(let v), .enumeration(let v): return .string(v)
    case .shape(let v): return .array(v.map { .int($0) })
    case .list(let items): return .array(items.map { self.value($0, timings: timings) })
    default: return value.kind?.json(timings: timings) ?? .null  // the kinds
    }
  }

  static func table(_ t: Table) -> JSON {
    .object([
      ("kind", .string("table")), ("caption", t.caption.map { .string($0) } ?? .null),
      ("columns", .array(t.columns.map { .string($0.header) })),
      ("rows", .array(t.rows.map { .array($0.map { .string($0) }) })),
    ])
  }
}

extension JSON {
  /// One object per item: `[{members(item)}, ...]`.
  static func records<T>(_ items: [T], _ members: (T) -> [(String, JSON)]) -> JSON {
    .array(items.map { .object(members($0)) })
  }
}
