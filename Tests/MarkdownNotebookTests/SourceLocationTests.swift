import Testing

@testable import MarkdownNotebook

@Test func locationsOrderByOffset() {
  let a = SourceLocation(line: 1, column: 5, offset: 4)
  let b = SourceLocation(line: 2, column: 1, offset: 10)
  #expect(a < b)
  #expect(SourceRange(at: a).start == SourceRange(at: a).end)
}

@Test func rangesAreHalfOpen() {
  let text = SourceText("ab\ncd")
  let range = text.range(from: 1, to: 4)
  #expect(range.byteCount == 3 && !range.isEmpty)
  #expect(range.contains(text.location(ofOffset: 1)) && range.contains(text.location(ofOffset: 3)))
  #expect(
    !range.contains(text.location(ofOffset: 4)) && !range.contains(text.location(ofOffset: 0)))
  #expect(SourceRange(at: text.location(ofOffset: 2)).isEmpty)
  #expect(range.description == "1:2-2:2")
}
