/// A problem in a notebook file: where it is and what to do about it.
///
/// `description` reads like a compiler diagnostic: `path:line:column: error: message`.
public struct NotebookError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What went wrong, for tests and tools that react to a kind of problem.
  public enum Kind: String, Hashable, Sendable {
    /// A `---` line opened front matter that no `---` line closes.
    case unclosedFrontMatter
    /// A front matter line that is not `key: value` (or an indented parameter line).
    case frontMatterSyntax
    /// A top-level front matter key other than title, author, description, seed, params.
    case unknownKey
    /// A key given twice (top level, inside `params:`, or in a cell's `#|` options).
    case duplicateKey
    /// A value that does not parse (unterminated string, bad number, bad list, wrong type).
    case invalidValue
    /// Bad indentation in front matter: a tab, or a parameter indented unlike the others.
    case indentation
    /// A `#|` line at the top of a code cell that is not `#| key: value`.
    case cellOption
    /// A `$…$` or `$$…$$` formula outside the TeX subset, or an unclosed `$$`.
    case math
    /// A fenced code block that is never closed, tagged almost `quant` (`Quant`,
    /// `quant{.x}`), or tagged `quant` inside a list item or block quote.
    case codeBlock
  }

  public var kind: Kind
  /// The notebook path given to `Notebook.parse`.
  public var path: String
  /// Where the problem is; its start is the position a diagnostic points at.
  public var range: SourceRange
  /// What is wrong and what to do, one sentence or two, without the location.
  public var message: String

  public var description: String { "\(path):\(range.start): error: \(message)" }
}
