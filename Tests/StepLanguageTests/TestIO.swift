#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Environment access without Foundation (the library target does not link it).
enum Environment {
  static func value(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}

/// Whole-file text reading and writing for the tests, with libc.
enum TextFile {
  struct WriteError: Error, CustomStringConvertible {
    var description: String
  }

  /// The file's text, or `nil` when it cannot be read.
  static func read(_ path: String) -> String? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = fread(&buffer, 1, buffer.count, file)
      if n <= 0 { break }
      bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func write(_ text: String, to path: String) throws {
    guard let file = fopen(path, "wb") else {
      throw WriteError(description: "cannot write \(path)")
    }
    defer { fclose(file) }
    let bytes = Array(text.utf8)
    guard fwrite(bytes, 1, bytes.count, file) == bytes.count else {
      throw WriteError(description: "short write to \(path)")
    }
  }

  /// Monotonic seconds, for measuring.
  static func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
  }
}
