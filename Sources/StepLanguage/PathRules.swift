/// The rules for a path a notebook names (`save(net, to: "models/net.qbm")`, `load(...)`):
/// it is relative to the output folder and must stay inside it.
///
/// Static rules (the checker reports them at the argument, and the runner applies them again
/// before it touches the disk): not empty, no NUL, no backslash, not absolute, not starting
/// with `~` (nothing expands it), not ending in `/`, and no `..` that climbs above the output
/// folder (`a/../b` is fine, `a/../../b` is not).
/// A symlink inside the folder that leads out can only be seen on disk: the runner resolves
/// the real path of the existing prefix and checks it stays under the folder's real path.
public enum PathRules {
  /// The path's components with `.` and empty ones dropped and `..` applied
  /// (`"a/./b/../c"` -> `["a", "c"]`), or a message saying why the path is not allowed.
  public static func normalize(_ path: String) -> Result<[String], PathError> {
    if path.isEmpty { return .failure(PathError("a file name cannot be empty")) }
    if path.utf8.contains(0) {
      return .failure(PathError("a file name cannot contain a NUL character"))
    }
    if path.contains("\\") {
      return .failure(
        PathError("a file name cannot contain '\\'; separate folders with '/'"))
    }
    if path.hasPrefix("/") {
      return .failure(
        PathError(
          "'\(path)' is an absolute path; files are written and read inside the output folder, "
            + "so give a path relative to it (e.g. \"\(lastComponent(path))\")"
        ))
    }
    if path.hasPrefix("~") {
      return .failure(
        PathError(
          "'\(path)' starts with '~', which is not expanded to a home folder; files are written "
            + "and read inside the output folder, so give a path relative to it (e.g. "
            + "\"\(lastComponent(path))\")"
        ))
    }
    if path.hasSuffix("/") { return .failure(PathError("'\(path)' names a folder, not a file")) }
    var parts: [String] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      switch part {
      case ".": continue
      case "..":
        guard !parts.isEmpty else {
          return .failure(
            PathError("'\(path)' leads out of the output folder; files stay inside it"))
        }
        parts.removeLast()
      default: parts.append(String(part))
      }
    }
    guard !parts.isEmpty else {
      return .failure(PathError("'\(path)' names the output folder itself, not a file"))
    }
    if let problem = nameProblem(path, parts) { return .failure(problem) }
    return .success(parts)
  }

  /// The longest file or folder name allowed, in UTF-8 bytes: the file system's 255 less
  /// room for the temporary name a write uses (`.NAME.tmp-PID-UUID`).
  public static let maximumNameBytes = 200
  /// The longest path allowed, in UTF-8 bytes.
  public static let maximumPathBytes = 1024

  /// Names a path may not use: control characters, over-long names, hidden names (the step
  /// cache and temporary files) and, at the top, the names of the run's reports.
  private static func nameProblem(_ path: String, _ parts: [String]) -> PathError? {
    let shown = path.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : "\($0)" }
      .joined()
    if let control = path.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
      let code = String(control.value, radix: 16, uppercase: true)
      return PathError(
        "'\(shown)': a file name cannot contain a control character (U+"
          + String(repeating: "0", count: 4 - code.count) + code + ")")
    }
    if path.utf8.count > maximumPathBytes {
      return PathError(
        "the path is \(path.utf8.count) bytes long; paths are at most \(maximumPathBytes) bytes")
    }
    if let long = parts.first(where: { $0.utf8.count > maximumNameBytes }) {
      return PathError(
        "'\(long.prefix(24))…' is a name of \(long.utf8.count) bytes; file and folder names are "
          + "at most \(maximumNameBytes) bytes")
    }
    if let hidden = parts.first(where: { $0.hasPrefix(".") }) {
      return PathError(
        "'\(path)': names starting with '.' (here '\(hidden)') are kept for Quantbook's own "
          + "files (the step cache .cache, temporary files); choose another name")
    }
    let top = parts[0].lowercased()
    if parts.count == 1,
      top == "index.html" || [".html", ".json", ".ipynb"].contains(where: { top.hasSuffix($0) })
    {
      return PathError(
        "'\(path)' would be overwritten by a report: the output folder's .html, .json and "
          + ".ipynb files are the reports' and index.html; choose another name (e.g. "
          + "\"model.qbm\")")
    }
    return nil
  }

  private static func lastComponent(_ path: String) -> String {
    String(path.split(separator: "/").last ?? "model.qbm")
  }
}

/// Why a path is not allowed.
public struct PathError: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

extension NotebookChecker {
  /// Reports a path argument whose known values break `PathRules`, at the argument.
  mutating func checkPaths(_ call: TypedCall) {
    for argument in call.arguments where argument.parameter.isPath {
      guard case .given(let typed) = argument.source, let values = typed.values else { continue }
      for case .string(let path) in values {
        if case .failure(let error) = PathRules.normalize(path) {
          var notes: [DiagnosticNote] = []
          if values.count > 1 || typed.kind.isVariable {
            notes.append(DiagnosticNote("the path is \"\(path)\""))
          }
          diagnostics.append(.error(error.message, at: typed.range, notes: notes))
          break
        }
      }
    }
  }
}

extension TypedExpression.Kind {
  var isVariable: Bool {
    if case .variable = self { return true }
    return false
  }
}
