/// Everything one report page shows, as plain values. The runner fills it; ``renderPage(_:)``
/// turns it into one self-contained HTML document. Nothing here reads the clock or a file:
/// dates and durations come in as values, so the same `Report` always renders the same bytes.
public struct Report: Sendable, Equatable {
  public var title: String
  public var metadata: ReportMetadata
  /// Table of contents, usually one entry per prose heading, in document order.
  public var tableOfContents: [TOCEntry]
  public var sections: [Section]

  public init(
    title: String, metadata: ReportMetadata = ReportMetadata(),
    tableOfContents: [TOCEntry] = [], sections: [Section] = []
  ) {
    self.title = title
    self.metadata = metadata
    self.tableOfContents = tableOfContents
    self.sections = sections
  }

  /// `.failed` when any cell holds an error output, else `.ok`.
  public var status: RunStatus {
    for case .cell(let cell) in sections where cell.hasError { return .failed }
    return .ok
  }
}

/// Whether a run finished cleanly.
public enum RunStatus: String, Sendable, Equatable {
  case ok
  case failed
}

/// An ordered key/value pair (parameters, checksums, any extra metadata).
public struct KeyValue: Sendable, Equatable, Hashable {
  public var key: String
  public var value: String
  public init(_ key: String, _ value: String) {
    self.key = key
    self.value = value
  }
}

/// Run metadata shown in the page header. Typed fields where the page formats them;
/// anything else goes in ``extra`` in the order given.
public struct ReportMetadata: Sendable, Equatable {
  /// The run date, already formatted by the caller (e.g. from `SOURCE_DATE_EPOCH`).
  public var date: String?
  public var seed: UInt64?
  /// Wall time of the whole run.
  public var duration: Duration?
  public var quantbookVersion: String?
  /// Notebook parameters after overrides, in declaration order.
  public var parameters: [KeyValue]
  /// Data set name -> checksum (e.g. `train-images-idx3-ubyte.gz` -> `sha256:...`).
  public var datasetChecksums: [KeyValue]
  /// CPU features the engine used, e.g. `["avx2", "fma"]`.
  public var cpuFeatures: [String]
  public var threads: Int?
  /// Cache summary, e.g. `3 of 5 cells from cache`.
  public var cacheInfo: String?
  /// The notebook's path as the user gave it.
  public var sourcePath: String?
  /// Further rows shown after the typed ones.
  public var extra: [KeyValue]

  public init(
    date: String? = nil, seed: UInt64? = nil, duration: Duration? = nil,
    quantbookVersion: String? = nil, parameters: [KeyValue] = [],
    datasetChecksums: [KeyValue] = [], cpuFeatures: [String] = [], threads: Int? = nil,
    cacheInfo: String? = nil, sourcePath: String? = nil, extra: [KeyValue] = []
  ) {
    self.date = date
    self.seed = seed
    self.duration = duration
    self.quantbookVersion = quantbookVersion
    self.parameters = parameters
    self.datasetChecksums = datasetChecksums
    self.cpuFeatures = cpuFeatures
    self.threads = threads
    self.cacheInfo = cacheInfo
    self.sourcePath = sourcePath
    self.extra = extra
  }
}

/// One table-of-contents entry: heading level (1...6), its text, and the `id` of the element
/// it links to (the caller puts the same id on the heading in the prose HTML).
public struct TOCEntry: Sendable, Equatable {
  public var level: Int
  public var text: String
  public var id: String
  public init(level: Int, text: String, id: String) {
    self.level = level
    self.text = text
    self.id = id
  }
}

/// One block of the page, in document order.
public enum Section: Sendable, Equatable {
  /// Prose as HTML that is already safe (rendered by cmark with unsafe HTML disabled).
  /// Emitted unescaped.
  case prose(trustedHTML: String)
  /// A code cell with its outputs.
  case cell(CodeCell)
}
