import Foundation

/// Finds the IDX files of a data set on disk.
///
/// Search order: the `--data-dir` folder, else `$QUANTBOOK_DATA`, else the folder where
/// Debian's package installs the data set (`/usr/share/datasets/fashion-mnist` for
/// `dataset-fashion-mnist`). A folder counts when it holds all four files, gzip-compressed
/// (`.gz`) or not; a folder the user named that does not hold them is an error, not a step
/// to the next folder. MNIST files (same names, same format) work the same way.
public struct DataLocator: Sendable {
  /// The four files of an IDX image-classification data set.
  public struct Files: Sendable, Equatable {
    public var trainImages: String
    public var trainLabels: String
    public var testImages: String
    public var testLabels: String
    public var all: [String] { [trainImages, trainLabels, testImages, testLabels] }
  }

  /// A data set the locator knows how to find.
  public enum Kind: String, Sendable {
    case fashionMNIST = "fashion-mnist"
    case mnist = "mnist"

    var displayName: String { self == .fashionMNIST ? "Fashion-MNIST" : "MNIST" }
    var debianFolder: String { "/usr/share/datasets/\(rawValue)" }
    var hint: String {
      switch self {
      case .fashionMNIST:
        return "install it with 'apt-get install dataset-fashion-mnist', "
          + "or point --data-dir (or QUANTBOOK_DATA) at a folder holding its four IDX files"
      case .mnist:
        return "point --data-dir (or QUANTBOOK_DATA) at a folder holding the four MNIST IDX files "
          + "(train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-...)"
      }
    }
  }

  public var explicitFolder: String?
  public var environmentFolder: String?

  public init(explicitFolder: String?, environment: [String: String]) {
    self.explicitFolder = explicitFolder
    self.environmentFolder = environment["QUANTBOOK_DATA"]
  }

  /// The folders searched, in order: the ones the user named, then `system` (Debian's folder
  /// of the data set: `Kind.debianFolder`, or `/usr/share/dict` for the word lists).
  func candidates(system: String) -> [String] {
    var folders: [String] = []
    if let explicitFolder { folders.append(explicitFolder) }
    if let environmentFolder, !environmentFolder.isEmpty { folders.append(environmentFolder) }
    folders.append(system)
    return folders
  }

  /// Checks that the folders the user named exist, before anything runs.
  /// - Throws: `RunnerError.usage` for a `--data-dir` that is missing or not a folder;
  ///   `RunnerError.environment` for such a `QUANTBOOK_DATA` (never a silent fall-back to
  ///   the next folder). An empty `QUANTBOOK_DATA` counts as unset.
  public func validate() throws(RunnerError) {
    if let explicitFolder, let problem = Self.problem(with: explicitFolder) {
      throw .usage(
        flag: "--data-dir \(explicitFolder)",
        message: problem + "; give a folder holding the data set's IDX files")
    }
    if let environmentFolder, !environmentFolder.isEmpty,
      let problem = Self.problem(with: environmentFolder)
    {
      throw .environment(
        name: "QUANTBOOK_DATA", value: environmentFolder,
        reason: problem + "; point it at a folder holding the data set's IDX files, or unset it")
    }
  }

  /// What is wrong with `path` as a data folder, or nil if it is a folder.
  private static func problem(with path: String) -> String? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return "no such folder"
    }
    return isDirectory.boolValue ? nil : "it is a file, not a folder"
  }

  /// Locates the four files of `kind`. A folder named by `--data-dir` or `QUANTBOOK_DATA`
  /// must hold them: the search never falls back past a folder the user named.
  /// - Throws: `RunnerError.dataMissing` listing the folders searched and what to install;
  ///   the errors of `validate` for a named folder that does not exist.
  public func locate(_ kind: Kind) throws(RunnerError) -> Files {
    try validate()
    let folders = candidates(system: kind.debianFolder)
    for folder in folders {
      func find(_ stem: String) -> String? {
        for name in [stem + ".gz", stem] {
          let path = folder + "/" + name
          // Present counts, readable or not: an unreadable file is reported as such by
          // `read`, not as a data set that is missing.
          if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
      }
      if let trainImages = find("train-images-idx3-ubyte"),
        let trainLabels = find("train-labels-idx1-ubyte"),
        let testImages = find("t10k-images-idx3-ubyte"),
        let testLabels = find("t10k-labels-idx1-ubyte")
      {
        return Files(
          trainImages: trainImages, trainLabels: trainLabels,
          testImages: testImages, testLabels: testLabels)
      }
      // A folder the user named that lacks the files is an error, not a silent fallback.
      if folder == explicitFolder || folder == environmentFolder {
        throw .dataMissing(
          name: kind.displayName, searched: Array(folders.prefix { $0 != folder }) + [folder],
          hint: kind.hint)
      }
    }
    throw .dataMissing(name: kind.displayName, searched: folders, hint: kind.hint)
  }

  /// A file's size (-1 when unknown) and `path size mtime`, a text that changes when the
  /// file does (the memo key of its content hash, the word set's cache key).
  static func stamp(_ path: String) -> (size: Int64, text: String) {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
    let mtime = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    return (size, "\(path) \(size) \(mtime)")
  }

  /// Reads a whole file.
  public static func read(_ path: String) throws(RunnerError) -> [UInt8] {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      throw .unreadable(path: path, reason: "it is a folder, not a file; put the data file there")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      let fd = open(path, O_RDONLY)
      if fd >= 0 { close(fd) }
      let reason = fd < 0 ? String(cString: strerror(errno)) : "it could not be read"
      throw .unreadable(path: path, reason: reason + "; make it readable or fix --data-dir")
    }
    return [UInt8](data)
  }
}
