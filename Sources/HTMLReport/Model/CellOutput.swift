/// One output shown under a code cell.
public enum CellOutput: Sendable, Equatable {
  case table(Table)
  case chart(Chart)
  /// Named figures (accuracy, loss, size), shown as a compact list.
  case metrics(MetricList)
  /// Preformatted text or a log, shown monospaced.
  case text(TextBlock)
  /// A model's layer table (layer, output shape, parameters ...).
  case modelSummary(Table)
  /// An error, shown in place with its source line and caret.
  case error(CellError)
  /// A sentence checked against the run (`claim`): held or not, with both figures.
  case claim(ClaimOutput)
}

/// A table of already-formatted cells.
public struct Table: Sendable, Equatable {
  public var caption: String?
  public var columns: [Column]
  /// Rows of cells; a row shorter than `columns` is padded with empty cells.
  public var rows: [[String]]

  public init(caption: String? = nil, columns: [Column], rows: [[String]]) {
    self.caption = caption
    self.columns = columns
    self.rows = rows
  }

  /// One column: its header and how its cells align.
  public struct Column: Sendable, Equatable {
    public var header: String
    public var alignment: Alignment
    public init(_ header: String, _ alignment: Alignment = .text) {
      self.header = header
      self.alignment = alignment
    }
  }

  /// `.numeric` columns are right-aligned with tabular figures; `.text` columns left-aligned.
  public enum Alignment: String, Sendable, Equatable {
    case numeric
    case text
  }
}

/// A list of named figures, e.g. `accuracy 91.20%`, `loss 0.2431`.
public struct MetricList: Sendable, Equatable {
  public var title: String?
  public var metrics: [Metric]
  public init(title: String? = nil, _ metrics: [Metric]) {
    self.title = title
    self.metrics = metrics
  }
}

/// One named, formatted figure.
public struct Metric: Sendable, Equatable {
  public var name: String
  public var value: String
  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }
}

/// Preformatted text: a log, a printed value.
public struct TextBlock: Sendable, Equatable {
  public var title: String?
  public var text: String
  public init(title: String? = nil, _ text: String) {
    self.title = title
    self.text = text
  }
}

/// An error shown in place: `file:line:col: error: message`, the source line, a caret under
/// the offending columns, and an optional hint.
public struct CellError: Sendable, Equatable {
  public var message: String
  public var file: String?
  /// 1-based line and column (column counts characters of `sourceLine`).
  public var line: Int?
  public var column: Int?
  public var sourceLine: String?
  /// Number of characters the caret underlines, starting at `column` (at least 1).
  public var caretLength: Int
  public var hint: String?

  public init(
    message: String, file: String? = nil, line: Int? = nil, column: Int? = nil,
    sourceLine: String? = nil, caretLength: Int = 1, hint: String? = nil
  ) {
    self.message = message
    self.file = file
    self.line = line
    self.column = column
    self.sourceLine = sourceLine
    self.caretLength = caretLength
    self.hint = hint
  }

  /// `file:line:col`, as much of it as is known.
  public var locationText: String? {
    var parts: [String] = []
    if let file { parts.append(file) }
    if let line { parts.append(String(line)) }
    if line != nil, let column { parts.append(String(column)) }
    return parts.isEmpty ? nil : parts.joined(separator: ":")
  }
}
