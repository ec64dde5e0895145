// Plain C file calls, not Foundation: this module is imported by test targets whose modules
// do not see Foundation, and Foundation's String extensions would change what their tests
// call (its `contains("")` is false, the standard library's is true).
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A fresh folder under the temporary folder (`$TMPDIR`, else `/tmp`) for one test, removed by
/// `cleanup`. Every test that touches the disk works in one of these, never in the work tree.
public struct Scratch: Sendable {
  /// The folder's absolute path (no trailing `/`).
  public let path: String

  /// Creates `<tmp>/<prefix>-XXXXXX`, a new folder with a unique suffix (`mkdtemp`).
  public init(prefix: String = "quantbook-runner") {
    var base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    while base.count > 1, base.hasSuffix("/") { base.removeLast() }
    if base.isEmpty { base = "/tmp" }
    var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
    _ = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Writes `text` to `relative` (its folders are created) and returns the file's path, or
  /// `nil` when it could not be written.
  @discardableResult
  public func write(_ relative: String, _ text: String) -> String? {
    let file = path + "/" + relative
    var folder = path
    for part in relative.split(separator: "/").dropLast() {
      folder += "/" + part
      mkdir(folder, 0o755)
    }
    guard let handle = fopen(file, "wb") else { return nil }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
    return fclose(handle) == 0 && written == bytes.count ? file : nil
  }

  /// The text of the regular file `relative`, or nil when there is none.
  public func read(_ relative: String) -> String? {
    let file = path + "/" + relative
    guard Self.kind(of: file, follow: true) == S_IFREG, let handle = fopen(file, "rb") else {
      return nil
    }
    defer { fclose(handle) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
      if n == 0 { break }
      bytes += chunk[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Whether something exists at `relative` (symbolic links followed).
  public func exists(_ relative: String) -> Bool {
    Self.kind(of: path + "/" + relative, follow: true) != nil
  }

  /// Removes the folder and everything in it.
  public func cleanup() { Self.remove(path) }

  /// The file type bits (`S_IFREG`, `S_IFDIR`, ...) of `file`, or nil when it does not exist.
  static func kind(of file: String, follow: Bool) -> mode_t? {
    var info = stat()
    guard (follow ? stat(file, &info) : lstat(file, &info)) == 0 else { return nil }
    return info.st_mode & S_IFMT
  }

  /// Removes `file`, and a folder's contents first (links are removed, not followed).
  static func remove(_ file: String) {
    guard let kind = kind(of: file, follow: false) else { return }
    guard kind == S_IFDIR else {
      unlink(file)
      return
    }
    var names: [String] = []
    if let folder = opendir(file) {
      while let entry = readdir(folder) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
      }
      closedir(folder)
    }
    for name in names { remove(file + "/" + name) }
    rmdir(file)
  }
}
