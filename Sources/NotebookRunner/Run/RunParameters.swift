import Foundation
import MarkdownNotebook
import StepLanguage

/// The `--param name=value` overrides of one run, shared out among its notebooks.
///
/// A run over a folder (`quantbook run notebooks/ --param train=2000 --param epochs=1`)
/// applies each override to the notebooks that declare that parameter in their front matter
/// (`params:`) and notes it for the others. It is a usage error (exit 2, nothing runs) when
/// an override is malformed (no `=`, empty name), when no notebook of the run declares its
/// name, or when its value fits the declared type of none of the notebooks that declare it.
/// A value that fits some declaring notebooks but not others is a located error in each of
/// the others (their `params:` block), as for a single notebook.
struct RunParameters: Sendable {
  /// One `name=value` as written, split at its first `=`.
  struct Override: Sendable, Hashable {
    var written: String
    var name: String
  }

  /// For each notebook of the run, in order: the overrides (as written) that apply to it,
  /// and one note per override that does not.
  private(set) var applicable: [[String]] = []
  private(set) var notes: [[String]] = []

  /// Splits each `name=value`.
  /// - Throws: `RunnerError.usage` naming `--param` for a malformed override.
  static func parse(_ written: [String]) throws(RunnerError) -> [Override] {
    try written.map { text throws(RunnerError) in
      guard let equals = text.firstIndex(of: "=") else {
        throw .usage(flag: "--param \(text)", message: "write --param name=value (there is no '=')")
      }
      let name = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
      guard !name.isEmpty else {
        throw .usage(
          flag: "--param \(text)",
          message: "the parameter name before '=' is empty; write --param name=value")
      }
      return Override(written: text, name: name)
    }
  }

  /// Shares `overrides` among notebooks whose front matter declares `declarations[i]`.
  /// - Throws: `RunnerError.usage` for a malformed override, a name no notebook declares, or
  ///   a value that fits no declaring notebook.
  init(_ written: [String], declarations: [[NotebookParameters.Declaration]]) throws(RunnerError) {
    let overrides = try Self.parse(written)
    applicable = Array(repeating: [], count: declarations.count)
    notes = Array(repeating: [], count: declarations.count)
    for override in overrides {
      let declaring = declarations.indices.filter { i in
        declarations[i].contains { $0.name == override.name }
      }
      guard !declaring.isEmpty else {
        let names = Array(Set(declarations.flatMap { $0.map(\.name) })).sorted()
        let single = declarations.count == 1
        throw .usage(
          flag: "--param \(override.written)",
          message: (single
            ? "the notebook does not declare '\(override.name)'"
            : "no notebook of the run declares '\(override.name)'")
            + NotebookParameters.unknownNameHint(
              override.name, declared: names,
              noneDeclared: single
                ? "it declares no parameters (front matter 'params:')"
                : "none declares parameters (front matter 'params:')"))
      }
      // The value must fit at least one declaring notebook; the others get a located error.
      var firstError: NotebookParameters.OverrideError?
      var fits = false
      for i in declaring {
        let errors = NotebookParameters.resolve(declarations[i], overrides: [override.written])
          .errors
        if errors.isEmpty { fits = true } else if firstError == nil { firstError = errors.first }
      }
      if !fits, let firstError {
        throw .usage(flag: "--param \(override.written)", message: firstError.message)
      }
      for i in declarations.indices {
        if declaring.contains(i) {
          applicable[i].append(override.written)
        } else {
          notes[i].append(
            "--param \(override.written) does not apply: this notebook declares no parameter "
              + "'\(override.name)'"
          )
        }
      }
    }
  }
}

extension PreparedNotebook {
  /// The front matter parameters of `notebook`, as `NotebookParameters.resolve` takes them.
  static func declarations(of notebook: Notebook) -> [NotebookParameters.Declaration] {
    (notebook.frontMatter?.params ?? []).map { entry in
      NotebookParameters.Declaration(
        name: entry.key, text: sourceText(entry.value), range: entry.valueRange,
        nameRange: entry.keyRange)
    }
  }
}
