/// A value in front matter or a cell option: an Int, a Float, a Bool, a String, or a list of
/// scalars (`[8, 6, 4]`).
public indirect enum FrontMatterValue: Hashable, Sendable, CustomStringConvertible {
  case int(Int)
  case float(Double)
  case bool(Bool)
  case string(String)
  /// A list of scalars; each element keeps its own range. Lists do not nest.
  case list([FrontMatterListElement])

  /// The value as the notebook would write it (strings quoted when needed).
  public var description: String {
    switch self {
    case .int(let value): String(value)
    case .float(let value): String(value)
    case .bool(let value): String(value)
    case .string(let value): "\"\(value)\""
    case .list(let items): "[" + items.map(\.value.description).joined(separator: ", ") + "]"
    }
  }
}

/// One element of a front matter list, with the range of its text.
public struct FrontMatterListElement: Hashable, Sendable {
  public var value: FrontMatterValue
  public var range: SourceRange
}

/// A `key: value` line of front matter (top level or inside `params:`).
public struct FrontMatterEntry: Hashable, Sendable {
  public var key: String
  /// Range of the key text.
  public var keyRange: SourceRange
  public var value: FrontMatterValue
  /// Range of the value text (without surrounding blanks); diagnostics about the value
  /// (such as a parameter's type) point here.
  public var valueRange: SourceRange
}

/// The front matter of a notebook: the block between a leading `---` line and the next `---`.
///
/// A file whose first line is `---` (after an optional byte order mark; trailing blanks
/// allowed) starts with front matter, as in Jekyll, Hugo and Quarto; a `---` anywhere else
/// is Markdown (a thematic break or a setext underline).
///
/// Grammar (a small, strict subset of YAML):
/// ```
/// ---
/// title: How many bits does a CNN need?
/// author: "Ada"
/// seed: 7
/// params:
///   epochs: 5
///   bits: [8, 6, 4]
/// ---
/// ```
/// Blank lines and lines starting with `#` are ignored. Indentation is spaces only, and
/// only the lines under `params:` are indented (all by the same amount). A value runs to the
/// end of its line: there are no trailing comments, so `title: Part #2` is a title.
public struct FrontMatter: Hashable, Sendable {
  /// The top-level keys, for "did you mean" suggestions.
  public static let knownKeys = [
    "title", "author", "description", "seed", "params", "convolution",
  ]
  /// The values `convolution:` takes (TensorEngine's `InferenceOptions.Convolution`).
  public static let convolutions = ["direct", "winograd"]

  public var title: String?
  public var author: String?
  public var description: String?
  public var seed: Int?
  /// `convolution: winograd`: how float inference computes 3 x 3 convolutions (one of
  /// `convolutions`); nil: the default, direct (docs/INFERENCE.md).
  public var convolution: String?
  /// The `params:` entries in file order.
  public var params: [FrontMatterEntry] = []
  /// All top-level entries in file order (`params` itself not included).
  public var entries: [FrontMatterEntry] = []
  /// Range of the whole block, from the opening `---` to the end of the closing `---` line.
  public var range: SourceRange

  /// The parameter with this name, if declared.
  public func param(named name: String) -> FrontMatterEntry? {
    params.first { $0.key == name }
  }

  /// The top-level entry with this key, if present (for the range of `seed`, say).
  public func entry(named key: String) -> FrontMatterEntry? {
    entries.first { $0.key == key }
  }
}
