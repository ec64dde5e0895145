import Foundation
import MarkdownNotebook
import StepLanguage

/// How one run shares its cache folder with other processes (shards of one sweep, or two
/// people's runs): how long a silent claim is trusted, where progress notes go, and a
/// fault-injection hook for tests.
struct CacheSharing: Sendable {
  /// A claim whose heartbeat is older than this is taken over (`QUANTBOOK_CLAIM_STALE`,
  /// seconds; default 60).
  var staleSeconds: Double = 60
  /// How long this run waits in all for one entry that a live process holds
  /// (`QUANTBOOK_WAIT_LIMIT`, seconds; default 6 hours) before it stops with an error naming
  /// the entry and its holder.
  var waitLimit: Double = 6 * 3600
  /// `QUANTBOOK_DEBUG_STALL=TEXT`: after claiming an entry whose label contains TEXT, wait
  /// ten minutes before computing it, so a test can kill the process in the middle of a step.
  var stall: String? = nil
  /// Warnings and waiting notes (`RunEvent.note`).
  var notify: @Sendable (String) -> Void = { _ in }

  init() {}

  init(environment: [String: String], notify: @escaping @Sendable (String) -> Void) {
    if let text = environment["QUANTBOOK_CLAIM_STALE"], let seconds = Double(text), seconds > 0 {
      staleSeconds = seconds
    }
    if let text = environment["QUANTBOOK_WAIT_LIMIT"], let seconds = Double(text), seconds >= 0 {
      waitLimit = seconds
    }
    stall = environment["QUANTBOOK_DEBUG_STALL"].flatMap { $0.isEmpty ? nil : $0 }
    self.notify = notify
  }
}

extension StepCache {
  /// What `claim` found: the entry to compute (holding its claim), or the entry another
  /// process stored while this one waited.
  enum Claimed {
    case compute(CacheClaim)
    case appeared([UInt8])
  }

  /// Before computing the entry `key`: claims it, or waits while a live process holds the
  /// claim (a note every ten seconds) until its entry appears or its claim goes stale; after
  /// `sharing.waitLimit` seconds of waiting it fails, naming the entry and its holder.
  func claim(_ key: String, label: String, at range: SourceRange? = nil) throws(StepFailure)
    -> Claimed
  {
    let claim = CacheClaim(store: store, key: key, staleSeconds: sharing.staleSeconds)
    var lastNote = -Double.infinity
    let start = Date().timeIntervalSince1970
    while true {
      if case .hit(let bytes) = store.load(key) { return .appeared(bytes) }
      switch claim.acquire(label: label) {
      case .acquired:
        // Stored and released between the lookup and the claim: nothing to compute.
        if case .hit(let bytes) = store.load(key) {
          claim.release()
          return .appeared(bytes)
        }
        if let stall = sharing.stall, label.contains(stall) {
          sharing.notify("stalling on `\(label)` (QUANTBOOK_DEBUG_STALL)")
          Thread.sleep(forTimeInterval: 600)
        }
        return .compute(claim)
      case .unavailable(let reason):
        throw StepFailure(
          "the step cache folder \(store.folder) cannot be used: \(reason)", at: range,
          hint: "point --cache (or QUANTBOOK_CACHE) at a folder you can write, or run with "
            + "--no-cache")
      case .heldBy(let holder):
        let now = Date().timeIntervalSince1970
        if now - start >= sharing.waitLimit {
          throw StepFailure(
            "gave up after waiting \(Int(now - start)) s for the cache entry of `\(label)` "
              + "(\(claim.path)), held by \(holder.description)", at: range,
            hint: "the wait limit is QUANTBOOK_WAIT_LIMIT=\(Int(sharing.waitLimit)) seconds; "
              + "check that process, or remove the claim file if it is gone")
        }
        if now - lastNote >= 10 {
          sharing.notify("waiting for `\(label)`, computed by \(holder.description)")
          lastNote = now
        }
        Thread.sleep(forTimeInterval: 0.2)
      }
    }
  }

  /// Says once that the entry of `statement` was unusable and is recomputed.
  func warnCorrupt(_ statement: TypedStatement, _ problem: String) {
    sharing.notify(
      "warning: line \(statement.range.start.line): the cache entry was unusable (\(problem)); "
        + "recomputing it")
  }

  /// Appends `key label` to this process's computation journal,
  /// `FOLDER/journal/HOST-PID.log` (one file per process, so no two writers share a file).
  /// It says which process computed what: `quantbook status` and the shard tests read it.
  func journal(_ key: String, label: String) {
    let folder = store.folder + "/journal"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/\(CacheClaim.hostName)-\(getpid()).log"
    let fd = open(path, O_CREAT | O_WRONLY | O_APPEND, 0o644)
    guard fd >= 0 else { return }
    let line = Array("\(key) \(label.replacingOccurrences(of: "\n", with: " "))\n".utf8)
    _ = line.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
    close(fd)
  }
}
