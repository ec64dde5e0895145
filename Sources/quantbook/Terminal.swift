import Foundation

/// Writes status lines, progress and diagnostics to a stream, in colour only on a terminal.
///
/// Colour is used when the stream is a TTY and `NO_COLOR` is unset (https://no-color.org);
/// a status line is redrawn in place on a terminal and printed as plain periodic lines
/// otherwise (CI logs, pipes).
final class Terminal: @unchecked Sendable {
  static let standardError = Terminal(fileDescriptor: STDERR_FILENO)

  let fileDescriptor: Int32
  let isTTY: Bool
  let useColor: Bool
  private let lock = NSLock()
  private var statusShown = false
  private var lastPlainStatus = DispatchTime(uptimeNanoseconds: 0)

  init(fileDescriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.fileDescriptor = fileDescriptor
    self.isTTY = isatty(fileDescriptor) == 1
    self.useColor = isTTY && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
  }

  private func write(_ text: String) {
    let bytes = Array(text.utf8)
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let written = Foundation.write(
          fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
        if written <= 0 { return }
        offset += written
      }
    }
  }

  /// A transient status line: redrawn in place on a TTY; elsewhere printed at most every 5 s.
  func status(_ line: String, force: Bool = false) {
    lock.withLock {
      if isTTY {
        write("\r\u{1B}[2K" + line)
        statusShown = true
      } else {
        let now = DispatchTime.now()
        if force || now.uptimeNanoseconds - lastPlainStatus.uptimeNanoseconds > 5_000_000_000 {
          write(line + "\n")
          lastPlainStatus = now
        }
      }
    }
  }

  /// Removes the status line (TTY only).
  func clearStatus() {
    lock.withLock {
      if isTTY && statusShown { write("\r\u{1B}[2K") }
      statusShown = false
    }
  }

  /// A line that stays.
  func line(_ text: String) {
    clearStatus()
    lock.withLock { write(text + "\n") }
  }

  /// `quantbook: error: message` in bold red on a terminal.
  func error(_ message: String) {
    line(paint("error: ", "1;31") + message)
  }

  /// Wraps text in an ANSI style when colour is on.
  func paint(_ text: String, _ code: String) -> String {
    useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}
