import HTMLReport

/// Measured times, and how reproducible runs keep them out of the compared files.
///
/// A run with `SOURCE_DATE_EPOCH` set writes `NAME.html` and `NAME.json` whose bytes do not
/// depend on how fast the machine was: every measured time in them (cell and notebook
/// durations, training seconds and images/s, `speed`'s figures, `.history.seconds`) is left
/// out or shown as `Timings.placeholder`. The measured values go to `NAME.timings.json`
/// beside them, the one file two such runs do not write identically.
enum Timings {
  /// What a reproducible report shows in place of a measured time.
  static let placeholder = "not shown (reproducible run)"

  /// `NAME.timings.json` for a reproducible run: the notebook's and each cell's seconds, and
  /// each display and inline value whose text held a measured time, as measured.
  static func document(_ record: RunRecord) -> JSON {
    let cells = record.prepared.notebook.codeCells.compactMap { code -> JSON? in
      guard let run = record.run(ofCell: code.index) else { return nil }
      let measured = run.displays.compactMap { display -> JSON? in
        let timed = ReportJSON.display(for: display, timings: true)
        return timed.rendered() == ReportJSON.display(for: display, timings: false).rendered()
          ? nil : timed
      }
      return .object([
        ("line", .int(code.codeRange.start.line)), ("seconds", .number(run.seconds)),
        ("outputs", .array(measured)),
      ])
    }
    return .object([
      ("notebook", .string(record.prepared.path)),
      ("note", .string("measured times left out of the reproducible NAME.html and NAME.json")),
      ("seconds", .number(record.seconds)), ("cells", .array(cells)),
      (
        "inline",
        .records(record.measuredInline) {
          [("expression", .string($0.expression)), ("value", .string($0.text))]
        }
      ),
    ])
  }
}

extension RuntimeValue {
  /// `inlineText`, with measured times (`duration`) replaced by `Timings.placeholder` when
  /// `timings` is off.
  func inlineText(timings: Bool) -> String {
    switch self {
    case .duration where !timings: return Timings.placeholder
    case .list(let items) where !timings && containsDuration:
      return "[" + items.map { $0.inlineText(timings: false) }.joined(separator: ", ") + "]"
    default: return inlineText
    }
  }

  /// Whether the value is, or holds, a measured time.
  var containsDuration: Bool {
    switch self {
    case .duration: return true
    case .list(let items): return items.contains { $0.containsDuration }
    default: return false
    }
  }
}
