import ArgumentParser
import Foundation
import NotebookRunner

/// `quantbook clean`: removes the step cache folder (OUTPUT/.cache); reports stay.
struct Clean: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Remove the step cache (OUTPUT/.cache); the next run computes every statement again.")

  @Option(name: .shortAndLong, help: "The output folder whose cache to remove.")
  var output = "output"

  func run() throws {
    let settings = RunSettings(outputFolder: output, threads: 1)
    var isFolder: ObjCBool = false
    guard
      FileManager.default.fileExists(atPath: settings.resolvedCacheFolder, isDirectory: &isFolder)
    else {
      Terminal.standardError.line(
        "no step cache at \(settings.resolvedCacheFolder): nothing removed")
      return
    }
    guard isFolder.boolValue else {
      Terminal.standardError.error(
        "\(settings.resolvedCacheFolder) is a file, not a step cache folder; nothing removed")
      throw ExitCode(1)
    }
    do {
      try CacheStore(folder: settings.resolvedCacheFolder).clear()
    } catch {
      Terminal.standardError.error(error.description)
      throw ExitCode(1)
    }
    Terminal.standardError.line("removed \(settings.resolvedCacheFolder)")
  }
}
