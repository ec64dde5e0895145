import Foundation
import TensorEngine

/// A content-addressed store of step results on disk.
///
/// An entry lives at `FOLDER/ab/abcdef….qbc` (its key is 64 hex digits) and holds:
///
///     "QBCACHE\0"  (8 bytes, magic)
///     format version (UInt32 little-endian)
///     payload length (UInt64 little-endian)
///     SHA-256 of the payload (32 bytes)
///     payload
///
/// Entries are written to a temporary file and renamed into place, so a reader sees a whole
/// entry or none, and two runs sharing a folder never corrupt each other (the later rename
/// wins with identical content). An entry whose magic, version, length or checksum is wrong
/// is reported as `.corrupt`, deleted, and recomputed by the caller — never trusted.
public struct CacheStore: Sendable {
  public static let formatVersion: UInt32 = 2
  static let magic = Array("QBCACHE\0".utf8)
  static let headerSize = 8 + 4 + 8 + 32

  /// What a lookup found.
  public enum Lookup: Equatable, Sendable {
    case hit([UInt8])
    case miss
    /// The entry existed but failed verification (the reason says how); it was removed.
    case corrupt(String)
  }

  public let folder: String

  public init(folder: String) {
    self.folder = folder
  }

  func path(for key: String) -> String {
    "\(folder)/\(key.prefix(2))/\(key).qbc"
  }

  /// Reads and verifies the entry for `key`.
  public func load(_ key: String) -> Lookup {
    let file = path(for: key)
    var contents = FileManager.default.contents(atPath: file)
    if contents == nil {
      // Missing, just renamed into place by another process (read it again), or there but
      // unreadable (no permission, a folder): the last is said once, removed, recomputed.
      var info = stat()
      guard lstat(file, &info) == 0 else { return .miss }
      if info.st_mode & S_IFMT == S_IFDIR {
        try? FileManager.default.removeItem(atPath: file)
        return .corrupt("a folder stands in its place")
      }
      let fd = open(file, O_RDONLY)
      if fd >= 0 {
        close(fd)
        contents = FileManager.default.contents(atPath: file)
      } else if errno != ENOENT {
        let reason = String(cString: strerror(errno))
        unlink(file)
        return .corrupt("cannot read it: \(reason)")
      }
    }
    guard let data = contents else { return .miss }
    let bytes = [UInt8](data)
    if let problem = Self.verify(bytes) {
      unlink(file)
      return .corrupt(problem)
    }
    return .hit(Array(bytes[Self.headerSize...]))
  }

  /// Whether a verified entry exists for `key` (a bad one is left alone; a run removes it).
  public func contains(_ key: String) -> Bool {
    guard let data = FileManager.default.contents(atPath: path(for: key)) else { return false }
    return Self.verify([UInt8](data)) == nil
  }

  /// Stores `payload` under `key` atomically.
  public func store(_ key: String, payload: [UInt8]) throws(RunnerError) {
    var header = ByteWriter()
    header.bytes = Self.magic
    header.bytes.reserveCapacity(Self.headerSize + payload.count)
    header.u32(Self.formatVersion)
    header.u64(UInt64(payload.count))
    var hasher = SHA256()
    hasher.update(payload)
    header.bytes.append(contentsOf: hasher.finalize())
    header.bytes.append(contentsOf: payload)
    try AtomicFile.write(Data(header.bytes), to: path(for: key))
  }

  /// Deletes every entry (the folder itself goes too).
  public func clear() throws(RunnerError) {
    guard FileManager.default.fileExists(atPath: folder) else { return }
    do {
      try FileManager.default.removeItem(atPath: folder)
    } catch {
      throw .unwritable(path: folder, reason: "could not remove the cache folder")
    }
  }

  /// Why `bytes` is not a valid entry, or nil when it is.
  static func verify(_ bytes: [UInt8]) -> String? {
    guard bytes.count >= headerSize else { return "truncated header (\(bytes.count) bytes)" }
    guard Array(bytes[0..<8]) == magic else { return "not a Quantbook cache entry (bad magic)" }
    // The header is whole (checked above), so these reads cannot fail.
    var fields = ByteReader(
      bytes, from: 8, failure: { _ in CacheDecodingError("truncated header") })
    guard let version = try? fields.u32("format version"),
      let length = try? fields.u64("payload length")
    else {
      return "truncated header (\(bytes.count) bytes)"
    }
    guard version == formatVersion else {
      return "cache format \(version), this Quantbook reads \(formatVersion)"
    }
    guard UInt64(bytes.count - headerSize) == length else {
      return "truncated: \(bytes.count - headerSize) of \(length) payload bytes"
    }
    var hasher = SHA256()
    hasher.update(bytes[headerSize...])
    guard hasher.finalize() == Array(bytes[20..<52]) else { return "checksum mismatch" }
    return nil
  }
}
