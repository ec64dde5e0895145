import StepLanguage

/// The step `claim`: its comparison was evaluated by the interpreter, which kept both figures
/// (`StepCall.comparisons`).
enum ClaimSteps {
  static let all: [String: StepBody] = [
    "claim": { call throws(StepFailure) in
      guard let comparison = call.comparisons["condition"] else {
        throw StepFailure(
          "internal error: a claim's condition is not a comparison", at: call.range)
      }
      let within = try call.arguments["within"] == nil ? nil : call.float("within")
      return .claim(
        ClaimValue(
          sentence: try call.string("sentence"), comparison: comparison, within: within,
          at: call.range))
    }
  ]
}
