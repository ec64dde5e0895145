import MarkdownNotebook

extension NotebookChecker {
  /// The rules of `claim(condition, "sentence", within:)` beyond its parameter types:
  ///
  /// - the condition is one comparison (`a > b`), so the report can show both figures;
  /// - at least one side is a figure of the run (two constants would be a hard-coded result);
  /// - the sentence is written in the claim, and is not blank;
  /// - `within: t` asks `|a - b| <= t`, so it goes with `==` only; an exact `==` between
  ///   Floats gets a warning (it almost never holds).
  mutating func checkClaim(_ call: TypedCall) {
    guard let condition = call.given("condition") else { return }
    let within = call.given("within")
    if case .binary(let op, let left, let right) = condition.kind, op.isComparison {
      if left.constant != nil, right.constant != nil {
        diagnostics.append(
          .error(
            "both sides of this claim are constants; a claim compares figures of the run",
            at: condition.range))
      }
      if let within, op != .equal {
        diagnostics.append(
          .error(
            "'within' gives the tolerance of an '==' claim (|a - b| ≤ within); this claim uses "
              + "'\(op.rawValue)'",
            at: within.range))
      } else if within == nil, op == .equal, left.type == .float || right.type == .float {
        diagnostics.append(
          .warning(
            "an exact '==' between Floats almost never holds; give a tolerance: within: 0.01",
            at: condition.range))
      }
    } else if condition.type != .error {
      diagnostics.append(
        .error(
          "a claim states one comparison of figures, such as a.accuracy > b.accuracy",
          at: condition.range))
    }
    if let sentence = call.given("sentence") {
      if case .literal(.string(let text)) = sentence.kind {
        if text.allSatisfy(\.isWhitespace) {
          diagnostics.append(
            .error(
              "the sentence of a claim is empty; write the sentence it backs", at: sentence.range))
        }
      } else if sentence.type != .error {
        diagnostics.append(
          .error(
            "the sentence of a claim is written in quotes in the claim", at: sentence.range))
      }
    }
  }
}
