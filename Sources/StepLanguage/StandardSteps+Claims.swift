extension StepRegistry {
  private typealias P = ParameterSignature

  /// `claim`: a sentence of the prose, checked against the run's figures.
  static let claimSteps: [StepSignature] = [
    StepSignature(
      "claim", .analysis,
      [
        P(
          "condition", .bool, positional: true,
          doc: "one comparison of figures: a > b, a <= b, a == b (with within:), ..."),
        P("sentence", .string, positional: true, doc: "the sentence of the prose the claim backs"),
        P(
          "within", .float, .absent, range: .atLeast(0),
          doc: "for ==: holds when |a - b| ≤ within (\"about equal\"); exact otherwise"),
      ], returns: .claim,
      doc:
        "Check a sentence against the run: shows it as held or not held with both figures; `run "
        + "--strict-claims` exits 1 when one does not hold."
    )
  ]
}
