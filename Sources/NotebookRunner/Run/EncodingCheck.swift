import MarkdownNotebook
import StepLanguage

/// A notebook file that is not UTF-8 (Latin-1, UTF-16, a binary file): its bytes were
/// decoded with U+FFFD, the replacement character, in place of every invalid sequence, so
/// the first U+FFFD is where the file stops being UTF-8 (a notebook has no reason to hold
/// the replacement character itself). A NUL byte (U+0000) is the other sign of a damaged
/// or binary file: in prose cmark would turn it into U+FFFD, in the front matter it would
/// reach the report's HTML. Each is reported as an error there, never read on silently.
enum EncodingCheck {
  static let replacement: Unicode.Scalar = "\u{FFFD}"

  /// An error at the first U+FFFD or U+0000 of `source` (line, and column in UTF-8 bytes),
  /// or nil.
  static func diagnostic(_ source: String) -> Diagnostic? {
    var line = 1
    var lineStart = 0
    var offset = 0
    for scalar in source.unicodeScalars {
      if scalar == "\u{0}" || scalar == replacement {
        let location = SourceLocation(line: line, column: offset - lineStart + 1, offset: offset)
        guard scalar == replacement else {
          return .error(
            "a NUL byte (U+0000): the file is damaged or not text; delete it",
            at: SourceRange(start: location, end: location))
        }
        let end = SourceLocation(line: line, column: location.column + 3, offset: offset + 3)
        return .error(
          "the file is not valid UTF-8 here (or holds U+FFFD, the replacement character); "
            + "save the notebook as UTF-8",
          at: SourceRange(start: location, end: end))
      }
      offset += String(scalar).utf8.count
      if scalar == "\n" {
        line += 1
        lineStart = offset
      }
    }
    return nil
  }
}
