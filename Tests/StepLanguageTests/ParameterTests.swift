import Testing

@testable import StepLanguage

@Suite struct ParameterTests {
  static let declared: [NotebookParameters.Declaration] = [
    .init(name: "epochs", text: "5"),
    .init(name: "lr", text: "0.001"),
    .init(name: "fast", text: "true"),
    .init(name: "title", text: "Bits and accuracy"),
    .init(name: "widths", text: "[8, 4, 2]"),
    .init(name: "act", text: "relu"),
    .init(name: "input", text: "28x28x1"),
  ]

  @Test func typesComeFromDefaults() {
    let (parameters, errors) = NotebookParameters.resolve(Self.declared, overrides: [])
    #expect(errors.isEmpty)
    #expect(
      parameters.map(\.type) == [
        .int, .float, .bool, .string, .list(.int), .enumeration(.activation), .shape,
      ])
    #expect(parameters[3].value == .string("Bits and accuracy"))
  }

  @Test func overridesAreParsedAndConverted() {
    let (parameters, errors) = NotebookParameters.resolve(
      Self.declared,
      overrides: ["epochs=1", "lr=1", "fast=false", "title=Hello world", "widths=[3]", "act=tanh"])
    #expect(errors.isEmpty, "\(errors)")
    #expect(
      parameters.map(\.value) == [
        .int(1), .float(1), .bool(false), .string("Hello world"), .list([.int(3)]),
        .enumeration("tanh"), .shape([28, 28, 1]),
      ])
  }

  @Test func badOverridesAreAllReported() {
    let (_, errors) = NotebookParameters.resolve(
      Self.declared, overrides: ["epoch=1", "epochs=1.5", "fast=3", "act=symmetric", "nothing"])
    #expect(
      errors.map(\.description) == [
        "--param epoch=1: unknown parameter 'epoch'; did you mean 'epochs'?",
        "--param epochs=1.5: 'epochs' is Int (from its default 5), but '1.5' is Float",
        "--param fast=3: 'fast' is Bool (from its default true), but '3' is Int",
        "--param act=symmetric: 'act' is activation (from its default relu), but 'symmetric' is "
          + "constant 'symmetric'",
        "--param nothing: write --param name=value",
      ])
  }

  @Test func unknownOverrideWithoutDeclarations() {
    let (_, errors) = NotebookParameters.resolve([], overrides: ["x=1"])
    #expect(errors.first?.message.contains("declares no parameters") == true)
  }

  @Test func overriddenValuesAreRangeChecked() {
    let (parameters, _) = NotebookParameters.resolve(
      [.init(name: "epochs", text: "5")], overrides: ["epochs=0"])
    let cell = Parser.parseCell(prelude, map: .standalone(prelude))
    var checker = NotebookChecker(parameters: parameters)
    let diagnostics = checker.check(cell).diagnostics
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.message == "'epochs' of 'train' must be 1...1000; got 0")
  }
}
