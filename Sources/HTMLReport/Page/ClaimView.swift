/// The HTML of a claim: a bordered note whose first words say the outcome ("✓ claim holds" or
/// "✗ claim does not hold"), the sentence quoted, then both figures; the colour repeats what
/// the words say.
enum ClaimView {
  static func node(_ claim: ClaimOutput) -> Node {
    var figures = "\(claim.left)  \(claim.op)  \(claim.right)"
    if let detail = claim.detail { figures += " (\(detail))" }
    return .el(
      "div",
      [.class(claim.held ? "claim claim-held" : "claim claim-failed"), Attribute("role", "note")],
      [
        .el(
          "p", [.class("claim-head")],
          [
            .el("strong", [.class("claim-mark")], text: (claim.held ? "✓ " : "✗ ") + claim.verdict),
            .text(": "),
            .el("q", [], text: claim.sentence),
          ]),
        .el("p", [.class("claim-figures")], [.el("code", [], text: figures)]),
      ])
  }
}
