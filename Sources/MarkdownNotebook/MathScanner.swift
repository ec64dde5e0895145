/// Finds `$…$` (inline) and `$$…$$` (display) math in prose, before cmark sees the text,
/// following Pandoc's `tex_math_dollars` rules, which Jupyter uses too:
///
/// - an inline opening `$` has a non-blank character right after it; the closing `$` has a
///   non-blank character right before it, no backslash before it, and no digit right after
///   it, and the first `$` after the opening one must be that closing one; so "$5 and $6"
///   and "$5 and later $x$" are text (the latter then the formula x). An opening `$`
///   without such a closing one in its paragraph is text too;
/// - `$$` opens display math, closed by the next `$$`; an unclosed `$$` is an error;
/// - math never crosses a blank line, and is never looked for inside a code span (a run of
///   backticks up to the next run of as many), an escape (`\$` is a literal dollar) or a
///   code or HTML block (`skipping`); a `$` inside a code span never closes math.
struct MathScanner {
  /// One span: byte offsets in the file. `content` excludes the dollars.
  struct Span: Equatable {
    var whole: Range<Int>
    var content: Range<Int>
    var display: Bool
  }

  /// An unclosed `$$`: the offsets of the two dollars.
  struct Unclosed: Error, Equatable {
    var range: Range<Int>
  }

  let bytes: [UInt8]

  private static let dollar = UInt8(ascii: "$")
  private static let backtick = UInt8(ascii: "`")
  private static let backslash = UInt8(ascii: "\\")

  /// Spans in `bytes[start..<end]`, in order, and the unclosed `$$` found. `skipping` are
  /// sorted, disjoint byte ranges (code and HTML blocks) that hold no math.
  func spans(from start: Int, to end: Int, skipping: [Range<Int>]) -> (
    spans: [Span], unclosed: [Unclosed]
  ) {
    var spans: [Span] = []
    var unclosed: [Unclosed] = []
    var skip = skipping.makeIterator()
    var nextSkip = skip.next()
    var i = start
    while i < end {
      while let range = nextSkip, range.upperBound <= i { nextSkip = skip.next() }
      if let range = nextSkip, range.contains(i) {
        i = range.upperBound
        continue
      }
      let limit = min(end, nextSkip?.lowerBound ?? end)
      switch bytes[i] {
      case Self.backslash: i += 2
      case Self.backtick: i = afterCodeSpan(at: i, limit: limit)
      case Self.dollar:
        if i + 1 < limit, bytes[i + 1] == Self.dollar {
          if let close = closingDisplay(from: i + 2, limit: limit) {
            spans.append(Span(whole: i..<close + 2, content: i + 2..<close, display: true))
            i = close + 2
          } else {
            unclosed.append(Unclosed(range: i..<i + 2))
            i += 2
          }
        } else if let close = closingInline(from: i + 1, limit: limit) {
          spans.append(Span(whole: i..<close + 1, content: i + 1..<close, display: false))
          i = close + 1
        } else {
          i += 1
        }
      default: i += 1
      }
    }
    return (spans, unclosed)
  }

  /// Past the code span whose opening backtick run starts at `i`, or past the run when no
  /// run of the same length closes it before a blank line.
  private func afterCodeSpan(at i: Int, limit: Int) -> Int {
    var runEnd = i
    while runEnd < limit, bytes[runEnd] == Self.backtick { runEnd += 1 }
    let length = runEnd - i
    var j = runEnd
    while j < limit, !isBlankLine(at: j) {
      guard bytes[j] == Self.backtick else {
        j += 1
        continue
      }
      let close = j
      while j < limit, bytes[j] == Self.backtick { j += 1 }
      if j - close == length { return j }
    }
    return runEnd
  }

  /// The offset of the `$$` that closes display math opened before `from`.
  private func closingDisplay(from: Int, limit: Int) -> Int? {
    var j = from
    while j + 1 < limit, !isBlankLine(at: j) {
      if bytes[j] == Self.backslash {
        j += 2
        continue
      }
      if bytes[j] == Self.backtick {
        j = afterCodeSpan(at: j, limit: limit)
        continue
      }
      if bytes[j] == Self.dollar, bytes[j + 1] == Self.dollar { return j }
      j += 1
    }
    return nil
  }

  /// The offset of the `$` that closes inline math whose content starts at `from`.
  private func closingInline(from: Int, limit: Int) -> Int? {
    guard from < limit, !isBlank(bytes[from]) else { return nil }
    var j = from
    while j < limit, !isBlankLine(at: j) {
      if bytes[j] == Self.backslash {
        j += 2
        continue
      }
      if bytes[j] == Self.backtick {  // a `$` in a code span closes nothing
        j = afterCodeSpan(at: j, limit: limit)
        continue
      }
      if bytes[j] == Self.dollar {
        let followedByDigit = j + 1 < bytes.count && bytes[j + 1] >= 0x30 && bytes[j + 1] <= 0x39
        // The first `$` decides: a formula holds no other `$`, so "$5 and later $x$" is
        // text, then the formula x.
        return j > from && !isBlank(bytes[j - 1]) && !followedByDigit ? j : nil
      }
      j += 1
    }
    return nil
  }

  /// True at a line break that ends a paragraph: the next line is blank.
  private func isBlankLine(at j: Int) -> Bool {
    guard bytes[j] == 0x0A || bytes[j] == 0x0D else { return false }
    var k = j + 1
    if bytes[j] == 0x0D, k < bytes.count, bytes[k] == 0x0A { k += 1 }
    while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == UInt8(ascii: ">") {
      k += 1
    }
    return k >= bytes.count || bytes[k] == 0x0A || bytes[k] == 0x0D
  }

  private func isBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }
}
