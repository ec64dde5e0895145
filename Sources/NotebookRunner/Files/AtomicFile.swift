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
    // Unique per writer (process and call), so concurrent writers never share a temp file.
    let temp = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UUID().uuidString)"
    guard FileManager.default.createFile(atPath: temp, contents: data) else {
      throw .unwritable(path: folder, reason: "could not create a file there")
    }
    if rename(temp, path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temp)
      throw .unwritable(path: path, reason: reason)
    }
  }

  /// Writes UTF-8 text atomically.
  public static func write(_ text: String, to path: String) throws(RunnerError) {
    try write(Data(text.utf8), to: path)
  }

  /// Creates `folder` if missing and checks that files can be created in it.
  public static func ensureWritableFolder(_ folder: String) throws(RunnerError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw .unwritable(path: folder, reason: "it is a file, not a folder")
      }
    } else {
      do {
        try FileManager.default.createDirectory(
          atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw .unwritable(path: folder, reason: "the folder could not be created")
      }
    }
    guard access(folder, W_OK) == 0 else {
      throw .unwritable(path: folder, reason: "permission denied")
    }
  }
}
