import ArgumentParser
import NotebookRunner

/// `--convolution direct|winograd` on `run`, `merge` and `status`: the float inference
/// convolution for every notebook, over their front matter's `convolution:` (it is part of
/// the cache keys, so a merge or status must name the one the shards ran with). An unknown
/// name is a usage error (exit 2).
struct ConvolutionOption: ParsableArguments {
  @Option(
    name: .customLong("convolution"),
    help: """
      Float inference convolution: \(RunSettings.convolutionNames.joined(separator: " or ")) \
      (default: each notebook's 'convolution:' front matter, else direct; docs/INFERENCE.md).
      """)
  var name: String?

  func validate() throws {
    if let name, RunSettings.convolution(named: name) == nil {
      throw ValidationError(
        "--convolution must be \(RunSettings.convolutionNames.joined(separator: " or ")), "
          + "not '\(name)'")
    }
  }

  /// Sets `settings.convolution` when the flag is given.
  func apply(to settings: inout RunSettings) {
    if let name { settings.convolution = RunSettings.convolution(named: name) }
  }
}
