import Testing

@testable import MarkdownNotebook

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

  /// Every part of a 5 MB notebook is found, with exact positions at its end. How fast it
  /// parses is a benchmark figure (`quantbook bench check`), not a test: a test must not
  /// depend on the host's speed.
  @Test func fiveMegabyteNotebookParsesCompletely() throws {
    var text =
      "---\ntitle: Large\nseed: 1\nparams:\n  epochs: 5\n---\n[ref]: https://example.com\n\n"
    var sections = 0
    while text.utf8.count < 5_000_000 {
      text += Self.section(sections)
      sections += 1
    }
    let parsed = try Notebook.parse(text, path: "large.md")
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
