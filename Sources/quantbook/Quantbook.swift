import ArgumentParser

@main
struct Quantbook: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quantbook",
    abstract: "Run quantization notebooks and write HTML reports.",
    version: "0.1.0")
}
