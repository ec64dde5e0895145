import Foundation

extension RunSettings {
  /// Checks, before anything runs, that the step cache's folder can be a folder: a path
  /// that exists and is not a folder would make every lookup miss and every claim fail.
  ///
  /// A missing folder is fine (the first store creates it). Nothing is checked with
  /// `--no-cache`.
  /// - Throws: `RunnerError.usage` for such a `--cache`, `.environment` for such a
  ///   `QUANTBOOK_CACHE`, `.unwritable` for such an `OUTPUT/.cache`.
  public func validateCacheFolder() throws(RunnerError) {
    guard useCache else { return }
    let folder = resolvedCacheFolder
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory),
      !isDirectory.boolValue
    else { return }
    let problem = "it is a file, not a folder"
    if let cacheFolder {
      throw .usage(
        flag: "--cache \(cacheFolder)",
        message: problem + "; give a folder for the step cache (it is created if missing)")
    }
    if let shared = environment["QUANTBOOK_CACHE"], !shared.isEmpty {
      throw .environment(
        name: "QUANTBOOK_CACHE", value: shared,
        reason: problem + "; point it at a folder for the step cache, or unset it")
    }
    throw .unwritable(path: folder, reason: problem + " (the step cache goes there); remove it")
  }
}

extension RunSettings {
  /// Checks that the output folder, if it exists, is a folder (nothing is created here).
  /// - Throws: `RunnerError.unwritable` when it is a file.
  public func validateOutputFolder() throws(RunnerError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: outputFolder, isDirectory: &isDirectory),
      !isDirectory.boolValue
    {
      throw .unwritable(path: outputFolder, reason: "it is a file, not a folder")
    }
  }
}
