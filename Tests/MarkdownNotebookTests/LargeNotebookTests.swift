import Testing

@testable import MarkdownNotebook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Seconds of CPU time the calling thread spends in `body`. The parse runs on one thread,
/// so this is its cost without the time other processes on a shared machine take from it.
func threadCPUSeconds(_ body: () throws -> Void) rethrows -> Double {
  var start = timespec()
  var end = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
  try body()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
  return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
}

@Suite struct LargeNotebookTests {
  /// One section of a realistic notebook: headings, prose with inline expressions and
  /// multi-byte text, a list, and a code cell with options.
  static func section(_ number: Int) -> String {
    """
    ## Experiment \(number)

    Linear quantization maps a weight w to q = round(w / s) + z. Café 日本 🎉 accuracy was
    `= run\(number).accuracy` after *training* for `epochs` epochs, see [notes][ref].
    Each extra bit halves the step size s, so the error falls by about 6 dB per bit, which
    is why eight bits are usually enough and four need care with per-channel scales.

    - first point about `= q\(number).sqnr` in a list
    - second point with **strong** text and a [link](https://example.com/\(number))

    ```quant
    #| caption: Accuracy against bits
    #| echo: false
    for bits in [8, 6, 4, 3, 2] {
      q = quantize(net, bits: bits, scheme: symmetric, granularity: per_channel)
      evaluate(q, on: data.test)
    }
    ```

    > A quoted remark with `inline code` and an emphasis *here*.


    """
  }

  @Test func fiveMegabyteNotebookParsesInUnderOneSecond() throws {
    var text =
      "---\ntitle: Large\nseed: 1\nparams:\n  epochs: 5\n---\n[ref]: https://example.com\n\n"
    var sections = 0
    while text.utf8.count < 5_000_000 {
      text += Self.section(sections)
      sections += 1
    }
    var notebook: Notebook?
    var wall = Duration.zero
    // The bound is on the parsing thread's CPU time: wall time on a machine shared by
    // parallel builds measures the other processes too (unloaded, the two agree).
    let cpu = try threadCPUSeconds {
      wall = try ContinuousClock().measure { notebook = try Notebook.parse(text, path: "large.md") }
    }
    let parsed = try #require(notebook)
    #expect(cpu < 1.0, "parsing \(text.utf8.count) bytes took \(cpu) s of CPU time (\(wall) wall)")
    #expect(parsed.codeCells.count == sections)
    #expect(parsed.proseCells.count == sections + 1)  // the last quote follows the last code cell
    #expect(parsed.headings.count == sections)
    #expect(parsed.headings.last?.slug == "experiment-\(sections - 1)")
    #expect(parsed.inlineExpressions.count == 2 * sections)
    #expect(parsed.codeCells.last?.options.count == 2)
    // The last cell's position is still exact.
    let last = try #require(parsed.codeCells.last)
    let location = last.location(ofUTF8Offset: 0)
    #expect(parsed.line(location.line) == "for bits in [8, 6, 4, 3, 2] {")
    expectExactMapping(last, in: parsed)
  }
}
