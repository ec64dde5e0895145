import TestSupport
import Testing

@testable import MarkdownNotebook

/// Notebook helpers on TestSupport's `MarkedText`.
extension MarkedText {
  /// The file location of a marker in `text`.
  func location(_ marker: String) -> MarkdownNotebook.SourceLocation {
    SourceText(text).location(ofOffset: offsets[marker] ?? -1)
  }

  /// Expects a thrown error's kind and position.
  func expectError(
    _ kind: NotebookError.Kind, at marker: String, messageContains fragment: String = "",
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let (_, errors) = Notebook.parseCollectingErrors(text, path: "t.md")
    #expect(errors.count == 1, "\(errors)", sourceLocation: sourceLocation)
    guard let error = errors.first else { return }
    #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
    #expect(error.range.start == location(marker), "\(error)", sourceLocation: sourceLocation)
    #expect(
      fragment.isEmpty || error.message.contains(fragment), "\(error)",
      sourceLocation: sourceLocation)
  }
}

/// Checks that every byte of a code cell's text is the file byte its location names, and
/// that the location's line and column agree with the file's line table.
func expectExactMapping(
  _ cell: CodeCell, in notebook: Notebook, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  let file = Array(notebook.source.text.utf8)
  let code = Array(cell.code.utf8)
  var mismatches = 0
  for (offset, byte) in code.enumerated() {
    let location = cell.location(ofUTF8Offset: offset)
    #expect(
      notebook.source.location(ofOffset: location.offset) == location,
      sourceLocation: sourceLocation)
    if byte == 0x0A {
      // A code line's "\n" maps to where the file line ends: a terminator or end of file.
      if location.offset < file.count, file[location.offset] != 0x0A, file[location.offset] != 0x0D
      {
        mismatches += 1
      }
    } else if location.offset >= file.count || file[location.offset] != byte {
      mismatches += 1
    }
  }
  #expect(
    mismatches == 0, "code bytes differ from file bytes at their locations",
    sourceLocation: sourceLocation)
}
