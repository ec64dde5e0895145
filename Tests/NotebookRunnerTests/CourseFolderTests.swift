import Foundation
import Testing

@testable import NotebookRunner

/// The README's recipe, `quantbook run notebooks/ --param train=2000 --param epochs=1`, at the
/// check level: every notebook of the course is planned and type-checks with the overrides
/// that apply to it; a lesson without `epochs` (the quickstart) gets a note, not an error.
@Test func courseFolderChecksWithTheReadmeRecipe() throws {
  let runner = Runner(
    settings: RunSettings(
      parameterOverrides: ["train=2000", "epochs=1"], environment: [:], threads: 1))
  let folder = CourseTests.notebooksFolder
  let files = try NotebookDiscovery.notebooks(in: [folder])
  #expect(files.count == CourseTests.lessons.count + 1, "the lessons and the quickstart: \(files)")
  let plan = try runner.plan([folder])
  #expect(plan.map(\.path) == files)
  for notebook in plan {
    #expect(notebook.overrides.contains("train=2000"), "\(notebook.path)")
    let declaresEpochs = notebook.source.contains("\n  epochs:")
    #expect(notebook.overrides.contains("epochs=1") == declaresEpochs, "\(notebook.path)")
    #expect(notebook.notes.isEmpty == declaresEpochs, "\(notebook.path): \(notebook.notes)")
  }
  #expect(plan.contains { !$0.notes.isEmpty }, "the quickstart declares no epochs")
  let outcomes = try runner.check([folder])
  #expect(outcomes.count == files.count)
  for outcome in outcomes {
    #expect(outcome.succeeded, "\(outcome.path): \(outcome.messages.joined(separator: "\n"))")
  }
}
