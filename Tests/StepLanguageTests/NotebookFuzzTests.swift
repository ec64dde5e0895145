import MarkdownNotebook
import Testing

@testable import StepLanguage

/// Whole notebooks with mutated front matter, fences and `save`/`load` paths go through the
/// notebook parser and the checker as `quantbook check` runs them. Nothing may crash, every
/// diagnostic must point inside the file at a position whose line and column match its
/// offset, and a path that leaves the output folder must never pass the check.
///
/// 4,000 inputs by default (a few seconds); `QUANTBOOK_FUZZ_COUNT` and `QUANTBOOK_FUZZ_SEED`
/// as for `FuzzTests`, `QUANTBOOK_FUZZ_ONLY=N` to rerun input N alone.
@Suite struct NotebookFuzzTests {
  /// Checks one notebook; returns broken invariants, and whether the check passed.
  static func check(_ text: String) -> (problems: [String], passed: Bool) {
    let (notebook, errors) = Notebook.parseCollectingErrors(text, path: "fuzz.md")
    let declarations = (notebook.frontMatter?.params ?? []).map {
      NotebookParameters.Declaration(name: $0.key, text: $0.value.description, range: $0.valueRange)
    }
    let (parameters, _) = NotebookParameters.resolve(declarations, overrides: [])
    let inlines = notebook.inlineExpressions.map { CodeSource(text: $0.text, base: $0.range.start) }
    let checked = NotebookChecker.checkNotebook(
      cells: notebook.codeCells.map(CodeSource.init(cell:)), inlines: inlines,
      parameters: parameters)
    let all = errors.map { Diagnostic.error($0.message, at: $0.range) } + checked.diagnostics
    _ = DiagnosticRenderer(path: "fuzz.md", source: text, color: true).render(all)
    let source = SourceText(text)
    var problems: [String] = []
    for d in all {
      let r = d.range
      guard 0 <= r.start.offset, r.start.offset <= r.end.offset, r.end.offset <= source.byteCount
      else {
        problems.append("range \(r.start.offset)..<\(r.end.offset) outside the file: \(d)")
        continue
      }
      let expected = source.location(ofOffset: r.start.offset)
      if (expected.line, expected.column) != (r.start.line, r.start.column) {
        problems.append(
          "\(d.message) at \(r.start) but its offset \(r.start.offset) is \(expected)")
      }
    }
    return (problems, !all.hasErrors)
  }

  /// Whether `path` (a literal's value, relative to the output folder) names a file outside
  /// that folder: absolute, climbing above it with `..`, or holding a NUL byte.
  static func escapes(_ path: String) -> Bool {
    if path.hasPrefix("/") || path.hasPrefix("~") || path.utf8.contains(0) { return true }
    var depth = 0
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == ".." { depth -= 1 } else if part != "." { depth += 1 }
      if depth < 0 { return true }
    }
    return false
  }

  static let shards = 4

  @Test(arguments: 0..<NotebookFuzzTests.shards)
  func notebookFuzzNeverCrashes(shard: Int) {
    let count = Environment.value("QUANTBOOK_FUZZ_COUNT").flatMap { Int($0) } ?? 4_000
    let seed = Environment.value("QUANTBOOK_FUZZ_SEED").flatMap { UInt64($0) } ?? 20_261_123
    var indices = Array(stride(from: shard, to: count, by: Self.shards))
    if let only = Environment.value("QUANTBOOK_FUZZ_ONLY").flatMap({ Int($0) }) {
      indices = shard == 0 ? [only] : []
    }
    var problems: [String] = []
    var escapingAccepted: [String] = []
    var escapingGenerated = 0
    var harmlessPassed = 0
    for index in indices {
      let (text, literal) = NotebookFuzzInputs.input(index, seed: seed)
      let (found, passed) = Self.check(text)
      if !found.isEmpty, problems.count < 5 {
        problems.append("input \(index): \(found[0])\n\(text)")
      }
      if let literal, !Self.escapes(Self.value(of: literal)), passed { harmlessPassed += 1 }
      if let literal, Self.escapes(Self.value(of: literal)) {
        escapingGenerated += 1
        if passed, escapingAccepted.count < 5 {
          escapingAccepted.append("input \(index): check accepts the path \"\(literal)\"")
        }
      }
    }
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n---\n"))")
    // The path notebooks are valid but for the path: a plain relative path passes the check.
    if indices.count >= 100 {
      #expect(harmlessPassed > 0, "no path notebook with a harmless path passed the check")
    }
    guard escapingGenerated > 0 else { return }
    #expect(escapingAccepted.isEmpty, "\(escapingAccepted.joined(separator: "\n"))")
  }

  /// A literal's value: the text between the quotes with `\"` `\\` `\n` `\t` resolved.
  static func value(of literal: String) -> String {
    let (tokens, _) = Lexer.tokenize("\"" + literal + "\"", map: .standalone(""))
    return tokens.first(where: { $0.kind == .string })?.stringValue ?? literal
  }

  @Test func escapingPathsAreRecognised() {
    for path in ["/tmp/x", "../x", "a/../../b", "~/x", "a\u{0}b", "./../x"] {
      #expect(Self.escapes(path), "\(path)")
    }
    for path in ["x.qbm", "a/../b", "./x", "é/ü", "a//b", String(repeating: "a", count: 300)] {
      #expect(!Self.escapes(path), "\(path)")
    }
  }
}
