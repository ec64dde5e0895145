import Testing

@testable import MarkdownNotebook

/// `convolution:` in front matter: one of `FrontMatter.convolutions`, absent by default.
@Test func convolutionKeyIsReadAndOptional() throws {
  for name in FrontMatter.convolutions {
    let notebook = try Notebook.parse("---\nconvolution: \(name)\n---\n", path: "c.md")
    #expect(notebook.frontMatter?.convolution == name)
  }
  let quoted = try Notebook.parse("---\nconvolution: \"winograd\"\n---\n", path: "c.md")
  #expect(quoted.frontMatter?.convolution == "winograd")
  let none = try Notebook.parse("---\nseed: 3\n---\n", path: "c.md")
  #expect(none.frontMatter?.convolution == nil)
}
