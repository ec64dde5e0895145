import TeXMath
import TestSupport
import Testing

@testable import MarkdownNotebook

@Suite struct FrontMatterTests {
  @Test func readsKeysParamsAndValueRanges() throws {
    let marked = MarkedText(
      """
      ---
      title: How many bits does a CNN need?
      author: "Ada \\"A.\\" L\\u00e9"
      description: A tour # not a comment
      seed: 7
      # a comment line

      params:
        epochs: 1️⃣5
        lr: 2️⃣0.001
        decay: 1e-3
        shuffle: true
        name: 3️⃣"fashion, mnist"
        dataset: fashion
        bits: [4️⃣8, 5️⃣6, 4]
        empty: []
      ---
      # Body heading
      """)
    let notebook = try Notebook.parse(marked.text, path: "nb/x.md")
    let front = try #require(notebook.frontMatter)
    #expect(front.title == "How many bits does a CNN need?")
    #expect(front.author == "Ada \"A.\" Lé")
    #expect(front.description == "A tour # not a comment")
    #expect(front.seed == 7)
    #expect(notebook.title == "How many bits does a CNN need?")
    #expect(
      front.params.map(\.key) == [
        "epochs", "lr", "decay", "shuffle", "name", "dataset", "bits", "empty",
      ])
    #expect(
      front.params.map(\.value) == [
        .int(5), .float(0.001), .float(0.001), .bool(true), .string("fashion, mnist"),
        .string("fashion"),
        .list([
          FrontMatterListElement(
            value: .int(8),
            range: SourceText(marked.text).range(
              from: marked.offsets["4️⃣"]!, to: marked.offsets["4️⃣"]! + 1)),
          FrontMatterListElement(
            value: .int(6),
            range: SourceText(marked.text).range(
              from: marked.offsets["5️⃣"]!, to: marked.offsets["5️⃣"]! + 1)),
          FrontMatterListElement(
            value: .int(4),
            range: SourceText(marked.text).range(
              from: marked.offsets["5️⃣"]! + 3, to: marked.offsets["5️⃣"]! + 4)),
        ]),
        .list([]),
      ])
    #expect(front.param(named: "epochs")?.valueRange.start == marked.location("1️⃣"))
    #expect(front.param(named: "lr")?.valueRange.start == marked.location("2️⃣"))
    #expect(front.param(named: "name")?.valueRange.start == marked.location("3️⃣"))
    #expect(front.param(named: "name")?.valueRange.end.column == notebook.line(13)!.utf8.count + 1)
    #expect(front.entry(named: "seed")?.value == .int(7))
    #expect(front.range.start.line == 1 && front.range.end.line == 17)
    #expect(notebook.headings.first?.range.start.line == 18)
  }

  @Test func noFrontMatterTakesTitleFromFirstLevelOneHeadingElseFileName() throws {
    let withHeading = try Notebook.parse("Intro\n\n## Sub\n\n# Main *title*\n", path: "a/b.md")
    #expect(withHeading.frontMatter == nil)
    #expect(withHeading.title == "Main title")
    let plain = try Notebook.parse("just text\n", path: "notebooks/02-bits.md")
    #expect(plain.title == "02-bits")
    // A thematic break later in the file is not front matter.
    let later = try Notebook.parse("text\n\n---\ntitle: no\n---\n", path: "c.md")
    #expect(later.frontMatter == nil)
  }

  @Test func emptyFileAndOnlyFrontMatter() throws {
    let empty = try Notebook.parse("", path: "empty.md")
    #expect(empty.cells.isEmpty && empty.frontMatter == nil && empty.title == "empty")
    #expect(empty.line(1) == "" && empty.line(2) == nil)
    let only = try Notebook.parse("---\ntitle: Only\nparams:\n  n: 3\n---\n", path: "o.md")
    #expect(only.cells.isEmpty)
    #expect(only.title == "Only")
    #expect(only.frontMatter?.params.first?.value == .int(3))
    let noNewline = try Notebook.parse("---\nseed: 3\n---", path: "o.md")
    #expect(noNewline.cells.isEmpty && noNewline.frontMatter?.seed == 3)
  }

  @Test(arguments: [
    ("1️⃣---\ntitle: x\n\nbody\n", NotebookError.Kind.unclosedFrontMatter, "never closed"),
    ("---\njust1️⃣ words\n---\n", .frontMatterSyntax, "expected ':'"),
    ("---\n1️⃣= 3\n---\n", .frontMatterSyntax, "key: value"),
    ("---\n1️⃣titel: x\n---\n", .unknownKey, "did you mean 'title'"),
    ("---\n1️⃣colour: red\n---\n", .unknownKey, "known keys are"),
    ("---\ntitle: a\n1️⃣title: b\n---\n", .duplicateKey, "line 2"),
    ("---\nparams:\n  n: 1\n  1️⃣n: 2\n---\n", .duplicateKey, "line 3"),
    ("---\nseed: 1️⃣seven\n---\n", .invalidValue, "non-negative integer"),
    ("---\nseed: 1️⃣-1\n---\n", .invalidValue, "non-negative integer"),
    ("---\nconvolution: 1️⃣fast\n---\n", .invalidValue, "direct or winograd"),
    ("---\nconvolution: 1️⃣3\n---\n", .invalidValue, "direct or winograd"),
    ("---\nparams:\n  lr: 1️⃣1e-\n---\n", .invalidValue, "not a valid number"),
    ("---\nparams:\n  v: 1️⃣1.2.3\n---\n", .invalidValue, "quote it"),
    ("---\nparams:\n  n: 1️⃣99999999999999999999\n---\n", .invalidValue, "too large"),
    ("---\ntitle: 1️⃣\"open\n---\n", .invalidValue, "not closed"),
    ("---\ntitle: \"a\" 1️⃣b\n---\n", .invalidValue, "after the closing quote"),
    ("---\ntitle: \"a1️⃣\\q\"\n---\n", .invalidValue, "unknown escape"),
    ("---\ntitle:1️⃣\n---\n", .invalidValue, "missing value"),
    ("---\nparams:\n  b: 1️⃣[8, 6\n---\n", .invalidValue, "not closed"),
    ("---\nparams:\n  b: [8, 1️⃣[6]]\n---\n", .invalidValue, "nested"),
    ("---\nparams:\n  b: [8 1️⃣6]\n---\n", .invalidValue, "expected ','"),
    ("---\nparams: 1️⃣5\n---\n", .invalidValue, "indented"),
    ("---\nparams:\n1️⃣\tepochs: 5\n---\n", .indentation, "tab"),
    ("---\nparams:\n  1️⃣\tepochs: 5\n---\n", .indentation, "tab"),
    ("---\nparams:\n  a: 1\n1️⃣    b: 2\n---\n", .indentation, "line 3"),
    ("---\ntitle: x\n1️⃣  seed: 2\n---\n", .indentation, "unexpected indentation"),
    ("---\nparams:\n  a: 1\nseed: 1\n1️⃣  b: 2\n---\n", .indentation, "unexpected indentation"),
  ])
  func malformedFrontMatterIsAnErrorAtItsPosition(
    source: String, kind: NotebookError.Kind, fragment: String
  ) {
    MarkedText(source).expectError(kind, at: "1️⃣", messageContains: fragment)
  }

  @Test func errorsAreCollectedAndParseThrowsTheFirst() throws {
    let marked = MarkedText("---\n1️⃣titel: x\nseed: 2️⃣x\n---\n```quant\n3️⃣#| bad\n```\n")
    let (notebook, errors) = Notebook.parseCollectingErrors(marked.text, path: "n.md")
    #expect(
      errors.map(\.range.start) == [
        marked.location("1️⃣"), marked.location("2️⃣"), marked.location("3️⃣"),
      ])
    #expect(notebook.codeCells.count == 1)
    #expect(errors[0].description.hasPrefix("n.md:2:1: error: unknown front matter key 'titel'"))
    #expect(throws: errors[0]) { try Notebook.parse(marked.text, path: "n.md") }
  }

  @Test func unclosedFrontMatterLeavesTheFileAsMarkdown() {
    let (notebook, errors) = Notebook.parseCollectingErrors(
      "---\ntitle: x\n\n```quant\nx\n```\n", path: "n.md")
    #expect(errors.map(\.kind) == [.unclosedFrontMatter])
    #expect(notebook.frontMatter == nil)
    #expect(notebook.codeCells.map(\.code) == ["x\n"])
  }

  @Test func byteOrderMarkIsSkipped() throws {
    let notebook = try Notebook.parse("\u{FEFF}---\nseed: 4\n---\n```quant\nx\n```\n", path: "n.md")
    #expect(notebook.frontMatter?.seed == 4)
    let plain = try Notebook.parse("\u{FEFF}```quant\nx\n```\n", path: "n.md")
    #expect(plain.codeCells.first?.code == "x\n")
    #expect(plain.codeCells.first?.range.start == SourceLocation(line: 1, column: 4, offset: 3))
  }

  @Test func suggestionsUseEditDistance() {
    #expect(Suggestion.closest(to: "autor", in: FrontMatter.knownKeys) == "author")
    #expect(Suggestion.closest(to: "param", in: FrontMatter.knownKeys) == "params")
    #expect(Suggestion.closest(to: "zzz", in: FrontMatter.knownKeys) == nil)
    #expect(Suggestion.editDistance(Array("kitten"), Array("sitting")) == 3)
  }

  /// Title, author and description are text: a value that only starts like a number is kept
  /// as written; a parameter stays strict (see the invalid-value cases above).
  @Test func textKeysThatStartWithADigitAreText() throws {
    let notebook = try Notebook.parse(
      "---\ntitle: 3 bits is enough?\nauthor: 2nd team\ndescription: 0.50\n---\n# Body\n",
      path: "t.md")
    let front = try #require(notebook.frontMatter)
    #expect(front.title == "3 bits is enough?")
    #expect(front.author == "2nd team")
    #expect(front.description == "0.50")
  }
}
