import Foundation

/// Turns the command line's PATHS into the notebooks to run, in a stable order.
public enum NotebookDiscovery {
  /// Each path is a notebook file or a folder whose `.md` files (not recursive, excluding
  /// `README.md`) are notebooks, sorted by name. Duplicates are dropped, order kept.
  /// - Throws: `RunnerError.noNotebooks` for a path that is neither.
  public static func notebooks(in paths: [String]) throws(RunnerError) -> [String] {
    var result: [String] = []
    var seen = Set<String>()
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw .noNotebooks(path: path)
      }
      let found: [String]
      if isDirectory.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        found = names
          .filter { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" && !$0.hasPrefix(".") }
          .sorted()
          .map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
        if found.isEmpty { throw .noNotebooks(path: path) }
      } else {
        found = [path]
      }
      for file in found where seen.insert(file).inserted { result.append(file) }
    }
    return result
  }

  /// The report's base name: the notebook's file name without `.md`.
  public static func reportName(for notebookPath: String) -> String {
    let name = URL(fileURLWithPath: notebookPath).lastPathComponent
    return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
  }
}
