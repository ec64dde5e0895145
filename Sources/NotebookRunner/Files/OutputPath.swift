import Foundation
import StepLanguage

/// A path a notebook names (`save(net, to: "models/net.qbm")`), resolved inside the output
/// folder so that nothing is read or written outside it.
///
/// 1. `PathRules.normalize` rejects an empty, absolute or backslashed path and a `..` that
///    climbs out (the checker reported these already; this is the runner's own guard).
/// 2. Walking the components from the folder's real path, each one that exists is replaced
///    by its real path (`realpath(3)`), which must stay under the folder's real path: a
///    symlink inside the folder that leads out is an error.
/// 3. The components that do not exist yet are appended as written (a write creates them as
///    folders inside the output folder).
///
/// The result is an absolute path whose existing part contains no symlink.
enum OutputPath {
  /// - Parameter folder: the output folder; it must exist.
  /// - Throws: `PathError` saying why the path may not be used.
  static func resolve(_ path: String, in folder: String) throws(PathError) -> String {
    let parts: [String]
    switch PathRules.normalize(path) {
    case .success(let p): parts = p
    case .failure(let error): throw error
    }
    guard let root = realPath(folder) else {
      throw PathError("the output folder \(folder) does not exist")
    }
    var current = root
    var index = 0
    while index < parts.count {
      let candidate = current + "/" + parts[index]
      var info = stat()
      guard lstat(candidate, &info) == 0 else { break }  // the rest does not exist yet
      guard let real = realPath(candidate) else {
        throw PathError("'\(path)': \(parts[0...index].joined(separator: "/")) is a broken symlink")
      }
      guard real == root || real.hasPrefix(root + "/") else {
        throw PathError(
          "'\(path)' leads out of the output folder through the symlink "
            + "'\(parts[0...index].joined(separator: "/"))'; files stay inside it"
        )
      }
      current = real
      index += 1
    }
    guard current != root || index < parts.count else {
      throw PathError("'\(path)' names the output folder itself, not a file")
    }
    return ([current] + parts[index...]).joined(separator: "/")
  }

  /// `a/./b/../c.qbm` -> `a/c.qbm`, for a path already resolved (else `path` as written).
  static func normalized(_ path: String) -> String {
    (try? PathRules.normalize(path).get())?.joined(separator: "/") ?? path
  }

  /// `realpath(3)`, or nil when the path does not exist (or a symlink in it is broken).
  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}

extension StepCall {
  /// The absolute path of `relative` inside the output folder (`OutputPath.resolve`), or a
  /// failure at the argument `parameter`.
  func outputPath(_ relative: String, parameter: String) throws(StepFailure) -> String {
    do throws(PathError) {
      return try OutputPath.resolve(relative, in: environment.outputFolder)
    } catch {
      throw StepFailure(error.message, at: range(of: parameter))
    }
  }
}
