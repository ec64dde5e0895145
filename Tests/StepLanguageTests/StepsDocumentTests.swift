import Testing

@testable import StepLanguage

@Suite struct StepsDocumentTests {
  /// docs/STEPS.md, found from this file's path (Tests/StepLanguageTests/ -> root).
  static var stepsPath: String {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/") + "/docs/STEPS.md"
  }

  @Test func stepsDocumentIsUpToDate() throws {
    let generated = StepRegistry.standard.markdown()
    if let flag = Environment.value("QUANTBOOK_UPDATE_STEPS"), flag == "1" {
      try TextFile.write(generated, to: Self.stepsPath)
    }
    let onDisk = TextFile.read(Self.stepsPath)
    #expect(
      onDisk == generated,
      Comment(
        rawValue: "docs/STEPS.md is stale: regenerate it with "
          + "`quantbook steps --markdown > docs/STEPS.md` "
          + "(or run this test with QUANTBOOK_UPDATE_STEPS=1)"))
  }

  @Test func registryIsConsistent() {
    var names = Set<String>()
    for step in StepRegistry.standard {
      #expect(names.insert(step.name).inserted, "duplicate step \(step.name)")
      #expect(!step.doc.isEmpty, "\(step.name) has no doc")
      var parameterNames = Set<String>()
      var sawLabelledOnly = false
      for p in step.parameters {
        #expect(parameterNames.insert(p.name).inserted, "\(step.name) repeats \(p.name)")
        // Positional parameters come first, so positional arguments fill them in order.
        if !p.positional { sawLabelledOnly = true }
        #expect(
          !(p.positional && sawLabelledOnly),
          "\(step.name).\(p.name) is positional after a labelled one")
        if case .value(let v) = p.defaultValue {
          #expect(p.type.accepts(v.type), "\(step.name).\(p.name) default \(v) is not \(p.type)")
          if let range = p.range, let x = v.number {
            #expect(range.contains(x), "\(step.name).\(p.name) default \(v) is outside \(range)")
          }
        }
      }
    }
    #expect(
      StepRegistry.standard["quantize"]?.synopsis.hasPrefix(
        "quantize(_ model: Model, bits: Int, method: method = linear") == true)
  }
}
