import Foundation
import NotebookRunner

/// Draws run progress: which notebook and step, and a training bar with epoch, batch, loss
/// and images/s or words/s (redrawn in place on a terminal, plain lines every few seconds
/// otherwise).
final class ProgressDisplay: Sendable {
  let terminal: Terminal

  init(terminal: Terminal) {
    self.terminal = terminal
  }

  func show(_ event: RunEvent) {
    switch event {
    case .notebookStarted(let path, let position, let count):
      terminal.line(terminal.paint("[\(position)/\(count)]", "1") + " \(path)")
    case .stepStarted(let path, let line, let step):
      terminal.status("  \(path):\(line) \(step) ...", force: false)
    case .training(let s):
      let width = 24
      let done = s.batches > 0 ? Int(Double(width) * Double(s.batch) / Double(s.batches)) : 0
      let bar = String(repeating: "#", count: done) + String(repeating: ".", count: width - done)
      terminal.status(
        String(
          format: "  %@ epoch %d/%d [%@] batch %d/%d  loss %.4f  %.0f %@/s",
          s.step, s.epoch, s.epochs, bar, s.batch, s.batches, s.loss, s.imagesPerSecond, s.noun))
    case .stepFinished(let path, let line, let step, let seconds, let cached, let reason):
      if seconds >= 1 || cached {
        var text =
          "  \(path):\(line) \(step): "
          + (cached ? "from cache" : String(format: "%.1f s", seconds))
        if let reason { text += " (\(reason))" }
        terminal.line(text)
      }
    case .note(let path, let message):
      terminal.line("  \(path): \(message)")
    case .notebookFinished(let outcome):
      terminal.clearStatus()
      for message in outcome.messages { terminal.line(message) }
      ClaimLines.notHeld(outcome, terminal: terminal)
      let status = outcome.succeeded ? terminal.paint("ok", "32") : terminal.paint("failed", "1;31")
      let report =
        outcome.reportPath.map { " -> \($0)" }
        ?? (outcome.succeeded
          ? " (a shard: results in the cache)" : " (not run: fix the errors above)")
      terminal.line("  \(status) in \(String(format: "%.1f", outcome.seconds)) s\(report)")
    }
  }
}
