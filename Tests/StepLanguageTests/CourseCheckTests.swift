import MarkdownNotebook
import Testing

@testable import StepLanguage

/// A course-sized workload: 6 notebooks of 6 cells each, like the tutorial notebooks.
@Suite struct CourseCheckTests {
  static func notebook(_ n: Int) -> [CodeSource] {
    let cells = [
      "#| caption: Data\ndata = fashion_mnist(train: 60000, test: 10000)\nsamples(data.test, "
        + "count: 16)",
      CheckerTests.design.replacingFirst(
        "data = fashion_mnist(train: 60000, test: 10000)\n", with: ""),
      CheckerTests.sweep,
      """
      q8 = quantize(net, bits: 8, mode: weights_and_activations, calibration: percentile, \
      percentile: 99.9)
      errors(q8)
      int8 = convert(q8)
      evaluate(int8, on: data.test)
      speed(net, q8, int8, on: subset(data.test, count: 1000))
      compare(net, int8, on: data.test)
      """,
      """
      for bits in [4, 3, 2] {
        t = qat(net, bits: bits, on: data.train, epochs: 1, optimizer: sgd(lr: 0.01, momentum: 0.9))
        evaluate(t, on: data.test)
      }
      sensitivity(net, bits: 3, on: subset(data.test, count: 500))
      """,
      """
      wave = signal(waveform: sine, frequency: \(n + 1), samples: 256)
      for bits in [1, 2, 3, 4, 8] {
        quantize_signal(wave, bits: bits)
      }
      summary(net)
      """,
    ]
    var offset = 0
    var line = 1
    return cells.map { text in
      let source = CodeSource(
        text: text, base: SourceLocation(line: line + 1, column: 1, offset: offset + 9))
      offset += text.utf8.count + 20
      line += text.split(separator: "\n", omittingEmptySubsequences: false).count + 4
      return source
    }
  }

  /// The course-sized workload checks without a diagnostic. Its speed is the `check`
  /// benchmark's figure (`quantbook bench check`), not asserted here.
  @Test func courseChecksClean() {
    let notebooks = (0..<6).map(Self.notebook)
    var diagnostics: [Diagnostic] = []
    for cells in notebooks {
      let inline = CodeSource(
        text: "net.history.final_accuracy", base: SourceLocation(line: 1, column: 1, offset: 0))
      diagnostics +=
        NotebookChecker.checkNotebook(cells: cells, inlines: [inline], parameters: testParameters)
        .diagnostics
    }
    #expect(diagnostics.isEmpty, "\(diagnostics)")
  }
}

extension String {
  func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let range = firstRange(of: target) else { return self }
    return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
  }
}
