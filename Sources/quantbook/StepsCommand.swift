import ArgumentParser
import StepLanguage

/// `quantbook steps`: the step registry, as text or as docs/STEPS.md.
struct Steps: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List every step with its parameters, types, defaults and ranges.")

  @Flag(help: "Print docs/STEPS.md (regenerate with: quantbook steps --markdown > docs/STEPS.md).")
  var markdown = false

  func run() {
    print(
      markdown ? StepRegistry.standard.markdown() : StepRegistry.standard.plainText(),
      terminator: "")
  }
}
