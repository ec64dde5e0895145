import Dispatch
import Foundation
import NotebookRunner

/// `SIGINT` (Ctrl-C) and `SIGTERM` (a scheduler's cancel): the run stops at once, removes the
/// temporary files it was writing and the cache claims it held, says so on standard error,
/// and exits with 128 + the signal's number (130, 143). Files already renamed into place are
/// whole; the report of the notebook that was running is not written.
enum Interruption {
  /// The signal sources (kept alive for the life of the process).
  nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

  static func install() {
    for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
      signal(number, SIG_IGN)  // delivered to the source below instead
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        let removed = TemporaryFiles.cleanUpAfterInterruption()
        let files = removed == 1 ? "1 temporary file" : "\(removed) temporary files"
        let text =
          "\nerror: interrupted (\(name)): stopped; removed \(files) and this run's cache "
          + "claims; reports already written are whole, the running notebook's was not written\n"
        FileHandle.standardError.write(Data(text.utf8))
        _exit(128 + number)
      }
      source.resume()
      sources.append(source)
    }
  }
}
