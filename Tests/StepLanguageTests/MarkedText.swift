import MarkdownNotebook
import TestSupport

@testable import StepLanguage

// MarkedText and its marker offsets come from TestSupport.

/// One expected diagnostic: at marker `marker`, of `severity`, with `fragment` in its message.
struct Expected: CustomStringConvertible, Sendable {
  var marker: Int
  var severity: Severity
  var fragment: String

  var description: String { "\(marker): \(severity.rawValue): \(fragment)" }
}

func error(_ marker: Int, _ fragment: String) -> Expected {
  Expected(marker: marker, severity: .error, fragment: fragment)
}
func warning(_ marker: Int, _ fragment: String) -> Expected {
  Expected(marker: marker, severity: .warning, fragment: fragment)
}

/// The notebook start used by most diagnostic tests: data, a small CNN, a trained net.
let prelude = """
  data = fashion_mnist(train: 1000, test: 200)
  cnn = sequential(input: 28x28x1) [
    conv2d(8, kernel: 3, activation: relu)
    maxpool(2)
    flatten()
    dense(10, activation: softmax)
  ]
  net = train(cnn, on: data.train, epochs: epochs, batch: 32, optimizer: adam(lr: 0.001))

  """

let testParameters = [NotebookParameter(name: "epochs", type: .int, value: .int(2))]

/// Checks `source` as one cell (after the prelude when asked) and returns its diagnostics
/// and the marker offsets.
func diagnose(_ marked: String, withPrelude: Bool = true, finish: Bool = false) -> (
  diagnostics: [Diagnostic], marks: MarkedText
) {
  let marks = MarkedText((withPrelude ? prelude : "") + marked)
  let cell = Parser.parseCell(marks.text, map: .standalone(marks.text))
  var checker = NotebookChecker(parameters: testParameters, upcoming: [cell])
  var diagnostics = checker.check(cell).diagnostics
  if finish { diagnostics += checker.finish() }
  return (diagnostics, marks)
}

/// Problems with `diagnostics` against `expected` (empty: all good). Every error and
/// warning must be expected: one mistake must not cascade into extra messages.
func mismatches(_ expected: [Expected], _ diagnostics: [Diagnostic], _ marks: MarkedText)
  -> [String]
{
  var problems: [String] = []
  var unmatched = diagnostics
  for e in expected {
    guard let offset = marks.offsets[e.marker] else {
      problems.append("marker \(e.marker) is not in the source")
      continue
    }
    if let i = unmatched.firstIndex(where: {
      $0.range.start.offset == offset && $0.severity == e.severity
        && $0.message.contains(e.fragment)
    }) {
      unmatched.remove(at: i)
    } else {
      problems.append("missing \(e) (at offset \(offset))")
    }
  }
  for d in unmatched { problems.append("unexpected \(d) [offset \(d.range.start.offset)]") }
  return problems
}
