/// What a code block's info string says about running it.
///
/// Only a first word of exactly `quant` runs (words after it are allowed: `quant {#fig}`).
/// A tag that is almost `quant` — another case (`Quant`), glued to what follows
/// (`quant{.x}`, `quant,x`), or Pandoc's attribute form (`{.quant}`) — is a mistake worth
/// an error, so that no block the writer meant to run is silently shown as prose.
enum FenceTag: Equatable {
  case quant
  /// Almost `quant`; the associated text says how to write it.
  case nearMiss(String)
  case other

  init(info: String) {
    let word = NotebookBuilder.firstWord(of: info)
    let lower = word.lowercased()
    if word == "quant" {
      self = .quant
    } else if lower == "quant" {
      self = .nearMiss("the tag is 'quant', in lower case")
    } else if lower.hasPrefix("quant"), let next = lower.dropFirst(5).first,
      !(next.isLetter || next.isNumber || next == "_" || next == "-")
    {
      self = .nearMiss("put a blank between 'quant' and '\(word.dropFirst(5))'")
    } else if lower.hasPrefix("{.quant") || lower.hasPrefix("{quant") || lower.hasPrefix(".quant") {
      self = .nearMiss("write the tag as a bare first word: ```quant")
    } else {
      self = .other
    }
  }
}

extension NotebookBuilder {
  /// An error of this notebook.
  func error(_ kind: NotebookError.Kind, _ range: SourceRange, _ message: String) -> NotebookError {
    NotebookError(kind: kind, path: path, range: range, message: message)
  }

  /// The error for a top-level fenced block that is never closed: cmark ends it at the end
  /// of the file, so everything after the opening line would silently become its code.
  /// `range` covers the opening fence.
  func unclosedFenceError(fence: String, info: String, range: SourceRange) -> NotebookError {
    let tag = info.isEmpty ? "" : " '\(Self.firstWord(of: info))'"
    return error(
      .codeBlock, range,
      "this\(tag) code block is never closed, so the rest of the file is inside it; "
        + "add a line '\(fence)' where it ends")
  }

  /// The error for a top-level fenced block tagged almost `quant` (`Quant`, `quant{.x}`),
  /// pointing at the tag.
  func nearMissError(info: String, hint: String, range: SourceRange) -> NotebookError {
    error(.codeBlock, range, "code block tagged '\(Self.firstWord(of: info))' is not run; \(hint)")
  }

  /// Errors for `quant` (or almost-`quant`) fences inside a list item or block quote: cells
  /// are top-level blocks only (their code is copied byte for byte from the file, which a
  /// container's `>` or indentation would break), so such a block is rejected, not skipped.
  func nestedFenceErrors(in block: BlockSummary, fileLocation: (Int, Int) -> SourceLocation)
    -> [NotebookError]
  {
    block.nestedCodeBlocks.compactMap { nested in
      guard FenceTag(info: nested.info) != .other else { return nil }
      let start = fileLocation(nested.startLine, nested.startColumn)
      let way =
        nested.container == .blockQuote
        ? "no '>' before its lines" : "not indented under the list item"
      return error(
        .codeBlock, SourceRange(at: start),
        "a '\(Self.firstWord(of: nested.info))' block inside a \(nested.container.rawValue)"
          + " is not run; move it to the top level (\(way))")
    }
  }

  /// Errors for `quant` fence lines inside a raw HTML block on file lines `first...last`
  /// (`<details>` followed by a fence without a blank line between them): CommonMark keeps
  /// the whole block as HTML, so the fence would be shown as text and never run.
  func fencesInHTMLErrors(first: Int, last: Int, reader: CodeCellReader) -> [NotebookError] {
    guard first < last else { return [] }
    return ((first + 1)...last).compactMap { line in
      let start = source.lineStarts[line - 1]
      guard let fence = reader.fence(onLine: line, from: start) else { return nil }
      let infoStart = start + fence.indent + fence.length
      let info = source.string(from: infoStart, to: source.contentEnd(ofLine: line))
        .trimmingBlanks()
      guard FenceTag(info: info) != .other else { return nil }
      return error(
        .codeBlock, source.range(from: start + fence.indent, to: infoStart, onLine: line),
        "this '\(Self.firstWord(of: info))' fence is inside an HTML block, so it is shown as "
          + "text and not run; leave a blank line between the HTML and the fence")
    }
  }
}
