import Foundation

/// A "running" marker beside a cache entry: `FOLDER/ab/KEY.run` says that one process is
/// computing that entry, so other processes sharing the folder wait for it instead of
/// computing it again (`quantbook status` shows it as running).
///
/// The file holds one line, `pid host unix-time label`, and is created with
/// `O_CREAT | O_EXCL` (atomic on local file systems and on NFS v3 and later; no `flock`).
/// While the entry is computed a heartbeat thread rewrites the file's modification time
/// every `heartbeatSeconds`. A claim is stale, and may be taken over, when its holder is a
/// process of this host that no longer exists, or when its heartbeat is older than
/// `staleSeconds` (a killed process on another host). Taking over renames the stale file
/// away first, so of two processes that both saw it stale only one removes it.
struct CacheClaim: Sendable {
  /// Who holds a claim, as read from its file.
  struct Holder: Sendable, Equatable {
    var pid: Int32
    var host: String
    var started: Int
    var label: String
    /// Seconds since the last heartbeat (by this machine's clock and the file's mtime).
    var idle: Double
  }

  /// What `acquire` found.
  enum Attempt: Sendable {
    case acquired
    case heldBy(Holder)
    /// The claim file cannot be created (the folder is unwritable or not a folder): the
    /// reason, from `errno`.
    case unavailable(String)
  }

  static let heartbeatSeconds = 2.0
  let path: String
  let staleSeconds: Double

  init(store: CacheStore, key: String, staleSeconds: Double) {
    path = store.path(for: key).dropLast(4) + ".run"
    self.staleSeconds = staleSeconds
  }

  /// This machine's name (not part of any key: it only says who is running what).
  static let hostName: String = {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count) == 0 else { return "unknown-host" }
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }()

  /// Tries to create the claim; a stale claim is removed and the creation tried again, three
  /// times at most (the last time a claim found is held, stale or not).
  func acquire(label: String) -> Attempt {
    for attempt in 1...3 {
      let error = create(label: label)
      if error == 0 {
        ClaimHeartbeat.shared.add(path)
        return .acquired
      }
      // Only an existing claim means someone holds it; any other failure never clears.
      guard error == EEXIST else { return .unavailable(String(cString: strerror(error))) }
      guard let holder = read() else { continue }  // released meanwhile: try again
      guard attempt < 3, isStale(holder) else { return .heldBy(holder) }
      let moved = path + ".stale-\(getpid())-\(UUID().uuidString)"
      if rename(path, moved) == 0 { try? FileManager.default.removeItem(atPath: moved) }
    }
    return .heldBy(Holder.unknown)
  }

  /// Removes the claim (after the entry was stored, or when the computation failed).
  func release() {
    ClaimHeartbeat.shared.remove(path)
    unlink(path)
  }

  /// The holder written in the claim file, or nil when there is none.
  func read() -> Holder? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let modified = attributes[.modificationDate] as? Date
    else { return nil }
    let idle = max(0, Date().timeIntervalSince(modified))
    let data = FileManager.default.contents(atPath: path)
    if data == nil {
      // Released this instant: no holder.
      let fd = open(path, O_RDONLY)
      if fd >= 0 { close(fd) } else if errno == ENOENT { return nil }
    }
    let text = data.map { String(decoding: $0, as: UTF8.self) } ?? ""
    let fields = text.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
    guard fields.count == 4, let pid = Int32(fields[0]), let started = Int(fields[2]) else {
      // There but unreadable (a folder, no permission), being written this instant, or
      // damaged: a damaged claim, which its age makes stale like any other (never an unknown
      // holder that is waited for forever).
      return Holder(pid: 0, host: "?", started: 0, label: "(unreadable claim)", idle: idle)
    }
    return Holder(
      pid: pid, host: String(fields[1]), started: started,
      label: fields[3].trimmingCharacters(in: .newlines), idle: idle)
  }

  /// Whether `holder` can no longer be computing the entry.
  func isStale(_ holder: Holder) -> Bool {
    if holder.host == Self.hostName, holder.pid > 0, kill(holder.pid, 0) != 0, errno == ESRCH {
      return true
    }
    return holder.idle > staleSeconds
  }

  /// Creates the claim file: 0, or the `errno` of the failure (`EEXIST`: someone holds it).
  private func create(label: String) -> Int32 {
    let folder = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    // The folder could not be made: its own reason (permission denied, not a directory),
    // not the ENOENT that opening inside it would give.
    if !FileManager.default.fileExists(atPath: folder), mkdir(folder, 0o755) != 0 {
      return errno
    }
    let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o644)
    guard fd >= 0 else { return errno }
    let oneLine = label.replacingOccurrences(of: "\n", with: " ")
    let line = "\(getpid()) \(Self.hostName) \(Int(Date().timeIntervalSince1970)) \(oneLine)\n"
    let bytes = Array(line.utf8)
    _ = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
    close(fd)
    return 0
  }
}

extension CacheClaim.Holder {
  static let unknown = CacheClaim.Holder(
    pid: 0, host: "?", started: 0, label: "(unknown)", idle: 0)

  /// `pid 123 on node7, 42 s`.
  var description: String {
    let age = max(0, Int(Date().timeIntervalSince1970) - started)
    return "pid \(pid) on \(host), for \(age) s"
  }
}

/// Touches every claim this process holds every `CacheClaim.heartbeatSeconds`, from a
/// thread of its own, so a long step keeps its claim fresh.
final class ClaimHeartbeat: @unchecked Sendable {
  static let shared = ClaimHeartbeat()
  /// The claim files held: the same locked set of paths as the files being written.
  private let held = TemporaryFiles()
  private let lock = NSLock()
  private var started = false

  func add(_ path: String) {
    held.add(path)
    lock.lock()
    defer { lock.unlock() }
    guard !started else { return }
    started = true
    let thread = Thread { [held] in
      while true {
        Thread.sleep(forTimeInterval: CacheClaim.heartbeatSeconds)
        for path in held.current { utimes(path, nil) }
      }
    }
    thread.name = "quantbook claim heartbeat"
    thread.start()
  }

  func remove(_ path: String) { held.remove(path) }

  /// Deletes every claim this process holds (an interrupted run gives its work back).
  func releaseAll() { _ = held.removeAll() }
}
