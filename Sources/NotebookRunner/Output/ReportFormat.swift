import Foundation

/// A format `quantbook run --to` writes for each notebook. The HTML report (and NAME.json
/// beside it) is always written: index.html links to it and it is the run's record; other
/// formats go alongside it.
public enum ReportFormat: String, Sendable, CaseIterable {
  /// NAME.html, the self-contained report (always written).
  case html
  /// NAME.ipynb, a Jupyter notebook (nbformat 4.5) with the same cells and outputs.
  case ipynb

  /// Parses `--to` values: each value a format name or a comma-separated list of them
  /// (`--to html,ipynb`, `--to ipynb --to html`); repeats are ignored; html is always in.
  /// - Throws: `RunnerError.usage` naming an unknown format and listing the known ones.
  public static func parse(_ values: [String]) throws(RunnerError) -> [ReportFormat] {
    var formats: [ReportFormat] = [.html]
    for value in values {
      for name in value.split(separator: ",", omittingEmptySubsequences: false) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard let format = ReportFormat(rawValue: trimmed) else {
          let known = allCases.map(\.rawValue).joined(separator: ", ")
          throw .usage(
            flag: "--to", message: "unknown format '\(trimmed)'; use one or more of \(known)")
        }
        if !formats.contains(format) { formats.append(format) }
      }
    }
    return formats
  }
}
