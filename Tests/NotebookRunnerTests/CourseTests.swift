import Foundation
import MarkdownNotebook
import Testing

@testable import NotebookRunner

/// The course in notebooks/: every lesson type-checks (nothing is trained here; CI runs the
/// notebooks end to end), declares the parameters CI overrides, and ends with "Try this".
@Suite struct CourseTests {
  /// The lessons, 01 to 07, in order.
  static let lessons = [
    "01-what-is-quantization.md", "02-bits-vs-accuracy.md", "03-granularity-and-calibration.md",
    "04-nonlinear-and-binary.md", "05-training-for-quantization.md", "06-integer-inference.md",
    "07-recurrent-network.md",
  ]

  /// The overrides CI runs every lesson with.
  static let ciOverrides = ["train=2000", "test=500", "epochs=1"]

  /// notebooks/ at the package root, found from this file's path.
  static var notebooksFolder: String {
    URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("notebooks").path
  }

  static func path(_ lesson: String) -> String { notebooksFolder + "/" + lesson }

  static func notebook(_ lesson: String) throws -> Notebook {
    let data = try #require(
      FileManager.default.contents(atPath: path(lesson)), "\(lesson) is missing")
    return try Notebook.parse(String(decoding: data, as: UTF8.self), path: path(lesson))
  }

  @Test(arguments: lessons)
  func lessonTypeChecks(_ lesson: String) throws {
    let runner = Runner(settings: RunSettings(environment: [:], threads: 1))
    let outcomes = try runner.check([Self.path(lesson)])
    #expect(outcomes.count == 1)
    for outcome in outcomes {
      #expect(outcome.succeeded, "\(outcome.messages.joined(separator: "\n"))")
      #expect(outcome.messages.isEmpty, "\(outcome.messages.joined(separator: "\n"))")
    }
  }

  @Test(arguments: lessons)
  func lessonTypeChecksWithCIParameters(_ lesson: String) throws {
    let runner = Runner(
      settings: RunSettings(parameterOverrides: Self.ciOverrides, environment: [:], threads: 1))
    let outcomes = try runner.check([Self.path(lesson)])
    #expect(outcomes.count == 1)
    for outcome in outcomes {
      #expect(outcome.succeeded, "\(outcome.messages.joined(separator: "\n"))")
    }
  }

  @Test(arguments: lessons)
  func lessonDeclaresParametersAndEndsWithTryThis(_ lesson: String) throws {
    let notebook = try Self.notebook(lesson)
    let frontMatter = try #require(notebook.frontMatter, "\(lesson) has no front matter")
    #expect(frontMatter.title?.isEmpty == false, "\(lesson) has no title")
    #expect(frontMatter.seed != nil, "\(lesson) has no seed")
    for name in ["train", "test", "epochs"] {
      #expect(
        frontMatter.param(named: name) != nil, "\(lesson) does not declare the parameter '\(name)'")
    }
    let last = try #require(notebook.headings.last, "\(lesson) has no headings")
    #expect(last.text == "Try this", "\(lesson) ends with '\(last.text)', not 'Try this'")
    // The section holds something to try, after its heading.
    let lastCell = try #require(notebook.proseCells.last)
    #expect(
      lastCell.range.end.offset > last.range.end.offset + 20, "\(lesson): 'Try this' is empty")
    #expect(
      notebook.headings.filter { $0.level == 1 }.count == 1,
      "\(lesson) should have one title heading")
  }

  @Test func courseHoldsEveryLesson() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.notebooksFolder)
    let lessons = files.filter {
      $0.hasSuffix(".md") && $0.first.map { ("0"..."9").contains($0) } == true
    }
    for lesson in Self.lessons {
      #expect(lessons.contains(lesson), "notebooks/\(lesson) is missing")
    }
  }
}
