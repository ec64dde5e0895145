import HTMLReport
import MarkdownNotebook
import TensorEngine

/// A data set with where it came from.
struct LoadedDataset: ValueKind {
  var dataset: Dataset
  /// `Fashion-MNIST`, `MNIST`, `synthetic (seed 7)`.
  var name: String
  /// `file name -> sha256`, for the report's manifest.
  var checksums: [(file: String, sha256: String)]
  /// For the word set: the words (in split order, matching `dataset`) and the alphabet.
  var words: WordSet? = nil

  var train: NamedSplit {
    NamedSplit(
      split: dataset.train, name: "\(name) train", classNames: dataset.classNames,
      words: words?.trainWords)
  }
  var test: NamedSplit {
    NamedSplit(
      split: dataset.test, name: "\(name) test", classNames: dataset.classNames,
      words: words?.testWords)
  }

  var inlineText: String { name }

  func member(_ name: String, at range: SourceRange) throws(StepFailure) -> RuntimeValue {
    switch name {
    case "train": return .split(train)
    case "test": return .split(test)
    case "classes": return .int(dataset.classNames.count)
    default: throw .noMember(name, at: range)
    }
  }

  /// The per-class table of `describe`.
  func outputs(title: String?, timings: Bool) -> [CellOutput] {
    DataSteps.describe(self).outputs(title: title, timings: timings)
  }

  func json(timings: Bool) -> JSON { ReportJSON.table(DataSteps.describe(self).table) }
}

/// A split with a display name and its class names.
struct NamedSplit: ValueKind {
  var split: Split
  var name: String
  var classNames: [String]
  /// For a split of the word set: its words, in sample order.
  var words: [String]? = nil

  var inlineText: String { name }

  /// What one sample is called in tables: `words` for the word set, else `images`.
  var noun: String { words == nil ? "images" : "words" }

  func member(_ name: String, at range: SourceRange) throws(StepFailure) -> RuntimeValue {
    switch name {
    case "count": return .int(split.count)
    case "shape": return .shape(split.imageShape)
    default: throw .noMember(name, at: range)
    }
  }

  /// Its image count and image shape.
  func outputs(title: String?, timings: Bool) -> [CellOutput] {
    [
      .metrics(
        MetricList(
          title: name,
          [
            Metric(noun, Format.count(split.count)),
            Metric("shape", ModelViews.shapeText(split.imageShape)),
          ]))
    ]
  }

  func json(timings: Bool) -> JSON {
    .object([("kind", .string("split")), ("name", .string(name)), ("count", .int(split.count))])
  }
}
