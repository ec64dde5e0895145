import Foundation
import NotebookRunner

/// `check`: wall time of `quantbook check notebooks/` on the whole course (parse, type-check
/// and shape-check every notebook; nothing runs). Target: under 100 ms. Also a generated
/// 5 MB notebook (the tests check that it parses completely; its speed is measured here, as a
/// guard against a parser that turns quadratic). Target: under 1 s.
let checkSuite = BenchSuite(
  name: "check",
  summary: "type-check every notebook in notebooks/ and a 5 MB notebook (median wall time)"
) { options in
  let folder = ProcessInfo.processInfo.environment["QUANTBOOK_NOTEBOOKS"] ?? "notebooks"
  let runner = Runner(settings: RunSettings(threads: options.threads))
  var count = 0
  var failures = 0
  let seconds = try Stopwatch.medianSeconds(repeats: max(options.repeats, 9)) {
    let outcomes = try runner.check([folder])
    count = outcomes.count
    failures = outcomes.filter { !$0.succeeded }.count
  }
  let large = NSTemporaryDirectory() + "quantbook-bench-large-\(getpid()).md"
  let text = largeNotebook(bytes: 5_000_000)
  guard FileManager.default.createFile(atPath: large, contents: Data(text.utf8)) else {
    throw CocoaError(.fileWriteUnknown)
  }
  defer { try? FileManager.default.removeItem(atPath: large) }
  var largeOK = false
  let largeSeconds = try Stopwatch.medianSeconds(repeats: max(options.repeats, 3)) {
    largeOK = try runner.check([large]).allSatisfy(\.succeeded)
  }
  return [
    BenchFigure(
      suite: "check", name: "check \(folder)/ (\(count) notebooks)", value: seconds * 1000,
      unit: "ms",
      note: failures == 0 ? "no errors" : "\(failures) notebooks with errors"),
    BenchFigure(
      suite: "check", name: "check a generated \(text.utf8.count / 1_000_000) MB notebook",
      value: largeSeconds * 1000,
      unit: "ms", note: largeOK ? "no errors" : "errors (the generator is out of date)"),
  ]
}

/// A notebook of about `bytes` bytes: front matter, then repeated sections of prose with
/// inline expressions and multi-byte text, and a code cell with options and a loop.
func largeNotebook(bytes: Int) -> String {
  var text = "---\ntitle: Large\nseed: 1\nparams:\n  epochs: 1\n---\n\n"
  text += "```quant\ndata = synthetic(train: 100, test: 50)\nnet = sequential(input: 28x28x1) [\n"
  text += "  flatten()\n  dense(10, activation: softmax)\n]\n```\n\n"
  var n = 0
  while text.utf8.count < bytes {
    text += """
      ## Experiment \(n)

      Linear quantization maps a weight w to q = round(w / s) + z. Café 日本 🎉: the model has
      `= net.parameters` parameters, and each extra bit halves the step size s.

      ```quant
      #| caption: Accuracy against bits \(n)
      for bits in [8, 6, 4, 3, 2] {
        q\(n) = quantize(net, bits: bits, scheme: symmetric, granularity: per_channel)
        errors(q\(n))
      }
      ```


      """
    n += 1
  }
  return text
}
