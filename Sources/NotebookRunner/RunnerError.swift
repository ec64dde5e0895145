import TensorEngine

/// Errors of the runner that are not diagnostics inside a notebook: files, folders, data.
///
/// Each message says what went wrong, where, and what to do about it.
public enum RunnerError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A path given on the command line does not exist or holds no notebook.
  case noNotebooks(path: String)
  /// A file named on the command line whose name does not end in `.md` (a report, a data file).
  case notANotebook(path: String)
  /// A file could not be read.
  case unreadable(path: String, reason: String)
  /// An output file or folder could not be written.
  case unwritable(path: String, reason: String)
  /// The data set's files are not where they were looked for.
  case dataMissing(name: String, searched: [String], hint: String)
  /// A data file exists but is not a valid IDX file.
  case dataCorrupt(path: String, reason: String)
  /// A command-line flag used wrongly (`--param` without `=`, a `--data-dir` that does not
  /// exist): `flag` names it, `message` says what is wrong and what to do. Exit status 2.
  case usage(flag: String, message: String)
  /// An environment variable that points nowhere useful (`QUANTBOOK_DATA` naming no folder);
  /// `reason` says what is wrong and what to do.
  case environment(name: String, value: String, reason: String)

  /// The Debian package that installs the data file at `path`: a word list's own package,
  /// else the Fashion-MNIST data set's.
  static func package(of path: String) -> String {
    let file = String(path.split(separator: "/").last ?? "")
    return WordLanguage.allCases.first { $0.fileName == file }?.package ?? "dataset-fashion-mnist"
  }

  /// Whether the error is a usage error of the command line (exit status 2, not 1).
  public var isUsageError: Bool {
    switch self {
    case .noNotebooks, .notANotebook, .usage: return true
    case .unreadable, .unwritable, .dataMissing, .dataCorrupt, .environment: return false
    }
  }

  public var description: String {
    switch self {
    case .noNotebooks(let path):
      return "\(path): no notebook found (give a .md file or a folder that holds .md files)"
    case .notANotebook(let path):
      return "\(path): not a notebook (a notebook is a Markdown file whose name ends in .md)"
    case .unreadable(let path, let reason):
      return "\(path): cannot read the file: \(reason)"
    case .unwritable(let path, let reason):
      return "\(path): cannot write the report there: \(reason); "
        + "choose another folder with --output DIR"
    case .dataMissing(let name, let searched, let hint):
      return "the \(name) data set was not found (looked in \(searched.joined(separator: ", "))); "
        + hint
    case .dataCorrupt(let path, let reason):
      let package = Self.package(of: path)
      return "\(path): not a valid data file: \(reason); "
        + "reinstall it with 'apt-get install --reinstall \(package)' or fix --data-dir"
    case .usage(let flag, let message):
      return "\(flag): \(message)"
    case .environment(let name, let value, let reason):
      return "\(name)=\(value): \(reason)"
    }
  }
}
