import TeXMath

/// A formula written in prose as `$…$` or `$$…$$`.
public struct ProseFormula: Hashable, Sendable {
  /// The parsed formula (its `tex` is the text between the dollars), or nil when it has an
  /// error (reported by `Notebook.parseCollectingErrors`).
  public var formula: MathFormula?
  /// The TeX between the dollars, as written.
  public var tex: String
  public var display: Bool
  /// Range of the whole span, dollars included, in the file.
  public var range: SourceRange
  /// The `\val{...}` expressions of the formula, in order; they are also in the cell's
  /// `inlineExpressions` (with `inMath` set), so they are checked and run like `= ` spans.
  public var values: [InlineExpression]
  /// Byte range of the whole span in the cell's `markdown`.
  let markdownRange: Range<Int>
}

extension NotebookBuilder {
  /// The formulas of the prose between file offsets `start` and `end`, made of `blocks`.
  /// Code and HTML blocks hold no math. Each formula's `\val` expressions get indices from
  /// `expressionCount` on; mistakes go to `errors`.
  func formulas(
    in blocks: [BlockSummary], from start: Int, to end: Int, expressionCount: inout Int,
    errors: inout [NotebookError]
  ) -> [ProseFormula] {
    guard source.bytes[start..<end].contains(UInt8(ascii: "$")) else { return [] }
    var skipping: [Range<Int>] = []
    for block in blocks {
      let lines = (block.isCodeBlock ? [block.startLine...block.endLine] : []) + block.codeLines
      for range in lines {
        let first = fileLine(range.lowerBound)
        let from = first == bodyLine ? bodyOffset : source.lineStarts[first - 1]
        skipping.append(from..<source.nextLineStart(ofLine: fileLine(range.upperBound)))
      }
    }
    let scanner = MathScanner(bytes: source.bytes)
    let (spans, unclosed) = scanner.spans(
      from: start, to: end, skipping: skipping.sorted { $0.lowerBound < $1.lowerBound })
    for problem in unclosed {
      errors.append(
        error(
          .math, source.range(from: problem.range.lowerBound, to: problem.range.upperBound),
          "display math '$$' is not closed; add '$$' after the formula, or write \\$ for a "
            + "dollar sign"))
    }
    return spans.map { span in
      let tex = source.string(from: span.content.lowerBound, to: span.content.upperBound)
      var formula: MathFormula?
      var values: [InlineExpression] = []
      do throws(MathError) {
        let parsed = try MathParser.parse(tex, display: span.display)
        formula = parsed
        for value in parsed.values {
          let base = span.content.lowerBound
          values.append(
            InlineExpression(
              text: value.expression,
              range: source.range(
                from: base + value.range.lowerBound, to: base + value.range.upperBound),
              index: expressionCount, inMath: true))
          expressionCount += 1
        }
      } catch {
        let base = span.content.lowerBound
        errors.append(
          self.error(
            .math,
            source.range(from: base + error.range.lowerBound, to: base + error.range.upperBound),
            error.message))
      }
      return ProseFormula(
        formula: formula, tex: tex, display: span.display,
        range: source.range(from: span.whole.lowerBound, to: span.whole.upperBound), values: values,
        markdownRange: (span.whole.lowerBound - start)..<(span.whole.upperBound - start))
    }
  }
}
