import HTMLReport
import MarkdownNotebook
import StepLanguage

/// A sentence of the prose checked against the run: `claim(a > b, "sentence", within:)`.
///
/// `held` is the comparison's truth; for `==` with a tolerance t it is |a - b| ≤ t. The report
/// shows the outcome in words with both figures; `NAME.json` lists every claim (`claims`); the
/// run summary names the ones that do not hold, and `run --strict-claims` exits 1 for them.
struct ClaimValue: Sendable {
  var sentence: String
  var comparison: Comparison
  var within: Double?
  var held: Bool
  /// Where the `claim` call is in the notebook (1-based).
  var line: Int
  var column: Int

  init(sentence: String, comparison: Comparison, within: Double?, at range: SourceRange) {
    self.sentence = sentence
    self.comparison = comparison
    self.within = within
    self.line = range.start.line
    self.column = range.start.column
    if let within, comparison.op == .equal, let d = Self.difference(comparison) {
      held = abs(d) <= within
    } else {
      held = comparison.holds
    }
  }

  /// a - b when both sides are numbers.
  var difference: Double? { Self.difference(comparison) }

  static func difference(_ comparison: Comparison) -> Double? {
    guard let a = Interpreter.number(comparison.left),
      let b = Interpreter.number(comparison.right)
    else { return nil }
    return a - b
  }

  /// A figure in the sides' unit: percentage points between two accuracies.
  private func amount(_ x: Double) -> String {
    if case .fraction = comparison.left, case .fraction = comparison.right {
      return Format.fixed(x * 100, decimals: 2) + " points"
    }
    return Format.number(x)
  }

  var detail: String? {
    guard let within, let d = difference else { return nil }
    return "difference \(amount(abs(d))), tolerance \(amount(within))"
  }

  var output: ClaimOutput {
    ClaimOutput(
      sentence: sentence, held: held,
      left: "\(comparison.leftText) = \(Self.shown(comparison.left, beside: comparison.right))",
      op: comparison.op == .equal && within != nil ? "≈" : comparison.op.rawValue,
      right: "\(comparison.rightText) = \(Self.shown(comparison.right, beside: comparison.left))",
      detail: detail)
  }

  /// A side's value as text; a plain number compared with an accuracy is also shown in
  /// percent (`0.99 (99.00%)`), so both sides read in one unit.
  static func shown(_ value: RuntimeValue, beside other: RuntimeValue) -> String {
    switch (value, other) {
    case (.float(let v), .fraction):
      return "\(value.inlineText) (\(Format.percent(v, decimals: 2)))"
    case (.int(let v), .fraction):
      return "\(value.inlineText) (\(Format.percent(Double(v), decimals: 2)))"
    default: return value.inlineText
    }
  }
}

extension ClaimValue: ValueKind {
  var inlineText: String { held ? "holds" : "does not hold" }

  func outputs(title: String?, timings: Bool) -> [CellOutput] { [.claim(output)] }

  /// `{"kind": "claim", "sentence", "held", "line", "column", "left": {"expression",
  /// "value", "text"}, "operator", "right": {...}, "within"?, "difference"?}`.
  func json(timings: Bool) -> JSON {
    func side(_ text: String, _ value: RuntimeValue) -> JSON {
      .object([
        ("expression", .string(text)), ("value", ReportJSON.value(value, timings: timings)),
        ("text", .string(value.inlineText(timings: timings))),
      ])
    }
    var members: [(String, JSON)] = [
      ("kind", .string("claim")), ("sentence", .string(sentence)), ("held", .bool(held)),
      ("line", .int(line)), ("column", .int(column)),
      ("left", side(comparison.leftText, comparison.left)),
      ("operator", .string(comparison.op.rawValue)),
      ("right", side(comparison.rightText, comparison.right)),
    ]
    if let within { members.append(("within", .number(within))) }
    if within != nil, let d = difference { members.append(("difference", .number(d))) }
    return .object(members)
  }
}
