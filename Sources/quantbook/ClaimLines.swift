import NotebookRunner

/// What the terminal says about claims: each one that does not hold, loudly, as its notebook
/// finishes; then one count for the run.
enum ClaimLines {
  /// `path:line:col: claim does not hold: "sentence"` and its figures, for each failed claim.
  static func notHeld(_ outcome: NotebookOutcome, terminal: Terminal) {
    for claim in outcome.claims where !claim.held {
      terminal.line(
        "\(outcome.path):\(claim.line):\(claim.column): "
          + terminal.paint("claim does not hold:", "1;33") + " \"\(claim.sentence)\"")
      terminal.line("    \(claim.figures)")
    }
  }

  /// `claims: 41 checked, 1 does not hold (exit 1: --strict-claims)`.
  static func summary(_ outcomes: [NotebookOutcome], strict: Bool, terminal: Terminal) {
    let all = outcomes.flatMap(\.claims)
    guard !all.isEmpty else { return }
    let failed = all.filter { !$0.held }.count
    var text = "claims: \(all.count) checked, "
    if failed == 0 {
      text += "all hold"
    } else {
      text += terminal.paint("\(failed) \(failed == 1 ? "does" : "do") not hold", "1;33")
      text +=
        strict
        ? " (exit 1: --strict-claims)" : " (shown in the reports; --strict-claims fails the run)"
    }
    terminal.line(text)
  }
}
