import Foundation
import Testing

@testable import TeXMath

/// docs/LANGUAGE.md lists the TeX subset between two markers; the list is generated from
/// `MathCommands`, so what is documented is what parses.
@Suite struct MathDocsTests {
  static var languagePath: String {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/") + "/docs/LANGUAGE.md"
  }

  static let begin = "<!-- math-commands:begin -->\n"
  static let end = "<!-- math-commands:end -->"

  @Test func languageDocumentListsTheCommandTable() throws {
    var text = try String(contentsOfFile: Self.languagePath, encoding: .utf8)
    let start = try #require(text.range(of: Self.begin))
    let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex))
    let generated = MathCommands.markdownList + "\n"
    if ProcessInfo.processInfo.environment["QUANTBOOK_UPDATE_DOCS"] == "1" {
      text.replaceSubrange(start.upperBound..<stop.lowerBound, with: generated)
      try text.write(toFile: Self.languagePath, atomically: true, encoding: .utf8)
      return
    }
    #expect(
      String(text[start.upperBound..<stop.lowerBound]) == generated,
      "docs/LANGUAGE.md's math list is stale: run this test with QUANTBOOK_UPDATE_DOCS=1")
  }

  @Test func everyCommandTheIssueAsksForIsInTheTable() {
    let required = [
      "frac", "sqrt", "sum", "prod", "cdot", "times", "approx", "le", "ge", "ne", "in", "pm",
      "to", "infty", "lfloor", "rfloor", "lceil", "rceil", "left", "right", "operatorname",
      "mathrm", "text", "hat", "bar", "tilde", "mathbb", "log", "exp", "max", "min", "alpha",
      "sigma", "Delta", "begin", "end", "val",
    ]
    for name in required { #expect(MathCommands.byName[name] != nil, "\\\(name)") }
    #expect(MathCommands.environments.contains("cases"))
    #expect(MathCommands.environments.contains("matrix"))
    #expect(
      Set(MathCommands.all.map(\.name)).count == MathCommands.all.count, "a name is listed twice")
  }
}
