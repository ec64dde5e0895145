import Foundation
import HTMLReport
import MarkdownNotebook
import StepLanguage
import TensorEngine

/// Everything a finished (or failed) run of one notebook produced.
struct RunRecord: Sendable {
  var prepared: PreparedNotebook
  /// One per code cell; nil for cells not run because an earlier cell failed.
  var cellRuns: [CellRun?]
  /// One per prose inline expression, in notebook order.
  var inlineTexts: [String]
  var datasets: [(name: String, file: String, sha256: String)]
  var seconds: Double
  /// The report date (from SOURCE_DATE_EPOCH when set).
  var date: String
  /// Whether timings are left out so that two runs give identical bytes.
  var reproducible: Bool
  /// The machine description the metadata shows (injected, so tests are host-independent).
  var host: HostDescription
  var unsafeHTML: Bool
  /// How each top-level statement reached was handled (from the cache or run, and why).
  var cacheStatuses: [StatementStatus] = []
  /// Inline expressions whose value held a measured time, with that value's text.
  var measuredInline: [(expression: String, text: String)] = []
  /// How float inference computed convolutions (`RunSettings.effectiveConvolution(for:)`).
  var convolution: InferenceOptions.Convolution = .direct

  var succeeded: Bool { cellRuns.allSatisfy { $0 != nil && $0?.failure == nil } }

  /// The run of code cell `index`; nil when it did not run.
  func run(ofCell index: Int) -> CellRun? {
    cellRuns.indices.contains(index) ? cellRuns[index] : nil
  }
}

/// Builds the HTML report of a run from the notebook and what its cells produced.
enum ReportAssembler {
  static func report(_ record: RunRecord) -> Report {
    let notebook = record.prepared.notebook
    let sections = notebook.cells.map { cell -> Section in
      switch cell {
      case .prose(let prose):
        // `inline.index` counts inline expressions across the whole notebook.
        return .prose(
          trustedHTML: prose.renderHTML(unsafeHTML: record.unsafeHTML) { inline in
            record.inlineTexts.indices.contains(inline.index)
              ? record.inlineTexts[inline.index] : nil
          })
      case .code(let code): return .cell(codeCell(code, record))
      }
    }
    let toc = notebook.headings.map { TOCEntry(level: $0.level, text: $0.text, id: $0.slug) }
    return Report(
      title: notebook.title, metadata: metadata(record), tableOfContents: toc, sections: sections)
  }

  private static func codeCell(_ code: MarkdownNotebook.CodeCell, _ record: RunRecord)
    -> HTMLReport.CodeCell
  {
    let checked =
      record.prepared.checked.cells.indices.contains(code.index)
      ? record.prepared.checked.cells[code.index] : nil
    let run = record.run(ofCell: code.index)
    // The checker's typed options: a caption `0.50` or `3 bits` stays text, as written.
    let options = checked?.options ?? CellOptions()
    let duration = (run != nil && !record.reproducible) ? Duration.seconds(run!.seconds) : nil
    return HTMLReport.CodeCell(
      caption: options.caption, label: options.label,
      source: Highlight.spans(code: code.code, tokens: checked?.tokens ?? []), echo: options.echo,
      duration: duration, cached: cellCached(code, checked, record),
      location: "\(record.prepared.path):\(code.codeRange.start.line)",
      outputs: outputs(run, record))
  }

  /// What a code cell shows, in the HTML report and the ipynb: its displays and its failure,
  /// or a note that it did not run.
  static func outputs(_ run: CellRun?, _ record: RunRecord) -> [CellOutput] {
    guard let run else { return [.text(TextBlock("Not run: an earlier cell failed."))] }
    var outputs = run.displays.flatMap {
      DisplayOutputs.outputs(for: $0, timings: !record.reproducible)
    }
    if let failure = run.failure { outputs.append(.error(cellError(failure, record.prepared))) }
    return outputs
  }

  /// A runtime failure shown in place: message, position, the source line with a caret.
  static func cellError(_ failure: StepFailure, _ prepared: PreparedNotebook) -> CellError {
    guard let range = failure.range, let line = prepared.notebook.line(range.start.line) else {
      return CellError(message: failure.message, file: prepared.path, hint: failure.hint)
    }
    let bytes = Array(line.utf8)
    let startByte = min(max(0, range.start.column - 1), bytes.count)
    let endByte =
      range.end.line == range.start.line
      ? min(max(startByte, range.end.column - 1), bytes.count) : bytes.count
    let column = String(decoding: bytes[..<startByte], as: UTF8.self).count + 1
    let length = max(1, String(decoding: bytes[startByte..<endByte], as: UTF8.self).count)
    return CellError(
      message: failure.message, file: prepared.path, line: range.start.line, column: column,
      sourceLine: line, caretLength: length, hint: failure.hint)
  }

  private static func metadata(_ record: RunRecord) -> ReportMetadata {
    ReportMetadata(
      date: record.date, seed: record.prepared.seed,
      duration: record.reproducible ? nil : .seconds(record.seconds),
      quantbookVersion: record.host.engineVersion,
      parameters: record.prepared.parameters.map { KeyValue($0.name, $0.value.description) },
      datasetChecksums: record.datasets.map {
        KeyValue("\($0.name): \($0.file)", "sha256 " + $0.sha256)
      },
      cpuFeatures: record.host.cpuFeatures, threads: record.host.threads,
      cacheInfo: cacheInfo(record), sourcePath: record.prepared.path,
      extra: [KeyValue("Convolution", record.convolution.rawValue)])
  }

  // Cache status is left out of reproducible (SOURCE_DATE_EPOCH) reports, like timings, so a
  // report's bytes do not depend on whether its steps ran or came from the cache.

  /// `3 of 5 statements from the cache (2 ran: ...)`, or nil in reproducible reports.
  private static func cacheInfo(_ record: RunRecord) -> String? {
    guard !record.reproducible, !record.cacheStatuses.isEmpty else { return nil }
    let hits = record.cacheStatuses.filter(\.cached).count
    let ran = record.cacheStatuses.filter { !$0.cached }
    var text = "\(hits) of \(record.cacheStatuses.count) statements from the cache"
    if !ran.isEmpty, hits > 0 {
      let listed = ran.prefix(4).map { "line \($0.line) (\($0.reason ?? "ran"))" }.joined(
        separator: "; ")
      text += "; ran: " + listed + (ran.count > 4 ? "; ..." : "")
    }
    return text
  }

  /// Whether every statement of the cell came from the cache.
  private static func cellCached(
    _ code: MarkdownNotebook.CodeCell, _ checked: CheckedCell?, _ record: RunRecord
  ) -> Bool {
    guard !record.reproducible, let checked, !checked.statements.isEmpty else { return false }
    let lines = Set(checked.statements.map(\.range.start.line))
    let statuses = record.cacheStatuses.filter { lines.contains($0.line) }
    return statuses.count == checked.statements.count && statuses.allSatisfy(\.cached)
  }
}
