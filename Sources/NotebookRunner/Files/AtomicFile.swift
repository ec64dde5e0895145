import Foundation

/// Writes files so that a reader never sees a half-written one.
///
/// The bytes go to a temporary file in the same folder (`.NAME.tmp-PID-UUID`), and
/// the temporary file is renamed over the destination: rename within one file system is
/// atomic on POSIX, so an interrupted run leaves either the old file or the new one.
public enum AtomicFile {
  /// Writes `data` to `path` atomically, creating the parent folder if needed.
  /// - Throws: `RunnerError.unwritable` naming the folder and what to do.
  public static func write(_ data: Data, to path: String) throws(RunnerError) {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    try ensureWritableFolder(folder)
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
      throw .unwritable(path: path, reason: "a folder of that name is in the way")
    }
    // Unique per writer (process and call), so concurrent writers never share a temp file.
    let temp = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UUID().uuidString)"
    TemporaryFiles.shared.add(temp)
    defer { TemporaryFiles.shared.remove(temp) }
    if let reason = create(temp, data) {
      unlink(temp)
      throw .unwritable(path: path, reason: reason)
    }
    if rename(temp, path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temp)
      throw .unwritable(path: path, reason: reason)
    }
  }

  /// Writes `data` to a new file at `temp`: nil, or the system's reason (`errno`) for failing.
  private static func create(_ temp: String, _ data: Data) -> String? {
    let fd = open(temp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return String(cString: strerror(errno)) }
    defer { close(fd) }
    var failure: String?
    data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
      var offset = 0
      while offset < buffer.count {
        let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          failure = String(cString: strerror(errno))
          return
        }
        offset += n
      }
    }
    return failure
  }

  /// The message for a file a step writes (`save`, `export`), named as the notebook wrote it:
  /// `cannot write 'net.qbm': a folder of that name is in the way`.
  static func message(_ error: RunnerError, for relative: String) -> String {
    switch error {
    case .unwritable(_, let reason): return "cannot write '\(relative)': \(reason)"
    case .noNotebooks, .notANotebook, .unreadable, .dataMissing, .dataCorrupt, .usage, .environment:
      return error.description
    }
  }

  /// Writes UTF-8 text atomically.
  public static func write(_ text: String, to path: String) throws(RunnerError) {
    try write(Data(text.utf8), to: path)
  }

  /// Checks, creating nothing, that reports can be written to `folder`: it is a writable
  /// folder, or it does not exist and the nearest folder above it that exists is writable
  /// (a run whose notebooks all fail their check then leaves no empty output folder).
  /// - Throws: `RunnerError.usage` for an empty name, `.unwritable` naming the problem.
  public static func checkWritableFolder(_ folder: String) throws(RunnerError) {
    guard !folder.isEmpty else {
      throw .usage(flag: "--output ''", message: "give the name of a folder for the reports")
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw .unwritable(path: folder, reason: "it is a file, not a folder")
      }
      guard access(folder, W_OK) == 0 else {
        throw .unwritable(path: folder, reason: "permission denied")
      }
      return
    }
    var above = (folder as NSString).deletingLastPathComponent
    while !above.isEmpty, !FileManager.default.fileExists(atPath: above) {
      above = (above as NSString).deletingLastPathComponent
    }
    let base = above.isEmpty ? "." : above
    guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw .unwritable(path: folder, reason: "the folder cannot be created: \(base) is a file")
    }
    guard access(base, W_OK) == 0 else {
      throw .unwritable(
        path: folder, reason: "the folder cannot be created: \(base) is not writable")
    }
  }

  /// Creates `folder` if missing and checks that files can be created in it
  /// (`checkWritableFolder` of a folder that exists).
  public static func ensureWritableFolder(_ folder: String) throws(RunnerError) {
    if !FileManager.default.fileExists(atPath: folder) {
      do {
        try FileManager.default.createDirectory(
          atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw .unwritable(path: folder, reason: "the folder could not be created")
      }
    }
    try checkWritableFolder(folder)
  }
}
