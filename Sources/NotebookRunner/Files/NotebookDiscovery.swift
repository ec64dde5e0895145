import Foundation

/// Turns the command line's PATHS into the notebooks to run, in a stable order.
public enum NotebookDiscovery {
  /// Each path is a notebook file or a folder whose `.md` files (not recursive, excluding
  /// `README.md`) are notebooks, sorted by name. Duplicates (the same file named twice, e.g.
  /// `a.md` and `./a.md`) are dropped, order kept.
  /// - Throws: `RunnerError.noNotebooks` for a path that is neither, `.notANotebook` for a
  ///   file whose name does not end in `.md` (or `.markdown`).
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
        found =
          names
          .filter { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" && !$0.hasPrefix(".") }
          .sorted()
          .map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
        if found.isEmpty { throw .noNotebooks(path: path) }
      } else {
        // A report, a data file or a typo'd path is not read as an empty notebook.
        let lower = path.lowercased()
        guard lower.hasSuffix(".md") || lower.hasSuffix(".markdown") else {
          throw .notANotebook(path: path)
        }
        found = [path]
      }
      for file in found where seen.insert(URL(fileURLWithPath: file).standardized.path).inserted {
        result.append(file)
      }
    }
    return result
  }

  /// Why the notebook at `path` could not be read: a folder named like a notebook, a broken
  /// symlink or a symlink loop, or the system's reason.
  static func whyUnreadable(_ path: String) -> String {
    var link = stat()
    var target = stat()
    guard lstat(path, &link) == 0 else { return "it does not exist" }
    guard stat(path, &target) == 0 else {
      return errno == ELOOP
        ? "it is a symlink loop"
        : "it is a symlink to nothing (\(String(cString: strerror(errno))))"
    }
    if target.st_mode & S_IFMT == S_IFDIR { return "it is a folder, not a notebook file" }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return String(cString: strerror(errno)) }
    close(fd)
    return "it could not be read"
  }

  /// The report base names of the notebooks of one run, in their order, all distinct.
  ///
  /// A notebook's name is its file name without `.md`, unless another notebook of the run has
  /// the same one (`a/intro.md`, `b/intro.md`, `c/a/intro.md`): then each of those is named by
  /// its path below the folder they all share, folders joined with `-` (`a-intro`, `b-intro`,
  /// `c-a-intro`). A name still taken after that gets `-2`, `-3`, ... in run order; `index`
  /// is always taken (the index page), so `index.md`'s report is `index-2.html`.
  /// Deterministic: the same paths always give the same names.
  public static func reportNames(for paths: [String]) -> [String] {
    // A notebook's stem: its file name without `.md`.
    let stems = paths.map { URL(fileURLWithPath: $0).lastPathComponent }.map {
      $0.hasSuffix(".md") ? String($0.dropLast(3)) : $0
    }
    let folders = paths.map { path in
      URL(fileURLWithPath: path).standardized.deletingLastPathComponent().pathComponents
    }
    var names = stems
    for stem in Set(stems) {
      let group = stems.indices.filter { stems[$0] == stem }
      guard group.count > 1 else { continue }
      var shared = folders[group[0]]
      for i in group.dropFirst() {
        shared = Array(zip(shared, folders[i]).prefix { $0.0 == $0.1 }.map(\.0))
      }
      for i in group {
        names[i] = (folders[i].dropFirst(shared.count) + [stem]).joined(separator: "-")
      }
    }
    // `index` is the run's index page: a notebook `index.md` gets `index-2.html`.
    var taken: Set<String> = ["index"]
    for i in names.indices {
      var name = names[i]
      var copy = 2
      while taken.contains(name) {
        name = "\(names[i])-\(copy)"
        copy += 1
      }
      taken.insert(name)
      names[i] = name
    }
    return names
  }
}
