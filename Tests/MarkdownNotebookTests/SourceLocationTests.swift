import Testing

@testable import MarkdownNotebook

@Test func locationsOrderByOffset() {
  let a = SourceLocation(line: 1, column: 5, offset: 4)
  let b = SourceLocation(line: 2, column: 1, offset: 10)
  #expect(a < b)
  #expect(SourceRange(at: a).start == SourceRange(at: a).end)
}
