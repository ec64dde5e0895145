import Foundation

/// The temporary files this process is writing (`AtomicFile`'s `.NAME.tmp-PID-UUID`), so that
/// an interrupted run (`SIGINT`, `SIGTERM`) can remove them before it exits: a run stopped
/// at any moment leaves whole files or none, and no temporary file. (`ClaimHeartbeat` keeps
/// the claim files it holds in a set of its own.)
public final class TemporaryFiles: @unchecked Sendable {
  public static let shared = TemporaryFiles()
  private let lock = NSLock()
  private var paths: Set<String> = []

  func add(_ path: String) { lock.withLock { _ = paths.insert(path) } }

  func remove(_ path: String) { lock.withLock { _ = paths.remove(path) } }

  /// Deletes every temporary file being written and returns how many there were. A writer
  /// whose file is deleted under it fails its rename, so no partial file appears.
  public func removeAll() -> Int {
    lock.withLock {
      for path in paths { unlink(path) }
      let count = paths.count
      paths.removeAll()
      return count
    }
  }

  /// What an interrupted run (`SIGINT`, `SIGTERM`) does before it exits: deletes the
  /// temporary files being written and the cache claims this process holds (so that other
  /// processes sharing the cache need not wait for them to go stale). Returns the number of
  /// temporary files removed.
  public static func cleanUpAfterInterruption() -> Int {
    ClaimHeartbeat.shared.releaseAll()
    return shared.removeAll()
  }

  /// The paths being written now (for tests).
  var current: Set<String> { lock.withLock { paths } }
}
