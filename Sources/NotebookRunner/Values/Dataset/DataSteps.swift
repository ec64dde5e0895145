import HTMLReport
import TensorEngine

/// Data sets and views of them: `fashion_mnist`, `mnist`, `synthetic`, `subset`, `samples`,
/// `describe`.
enum DataSteps {
  static let all: [String: StepBody] = [
    "fashion_mnist": { call throws(StepFailure) in try load(.fashionMNIST, call) },
    "mnist": { call throws(StepFailure) in try load(.mnist, call) },
    "words": { call throws(StepFailure) in try loadWords(call) },
    "misclassified": { call throws(StepFailure) in
      let split = try call.split("on")
      let measured = try Predictions.evaluate(try call.value("model"), on: split, call: call)
      return .table(
        SequenceViews.misclassified(
          measured.evaluation, split: split, model: measured.label, count: try call.int("count")))
    },
    "synthetic": { call throws(StepFailure) in
      let dataset = Dataset.synthetic(
        train: try call.int("train"), test: try call.int("test"), seed: call.seed)
      return .dataset(
        LoadedDataset(dataset: dataset, name: "synthetic (seed \(call.seed))", checksums: []))
    },
    "subset": { call throws(StepFailure) in
      let split = try call.split("split")
      let count = try call.int("count")
      guard count <= split.split.count else {
        throw StepFailure(
          "subset of \(count) \(split.noun) asked from \(split.name), which holds "
            + "\(split.split.count)",
          at: call.range, hint: "ask for at most \(split.split.count)")
      }
      return .split(
        NamedSplit(
          split: split.split.prefix(count), name: "\(split.name) (first \(count))",
          classNames: split.classNames, words: split.words.map { Array($0.prefix(count)) }))
    },
    "samples": { call throws(StepFailure) in
      let split = try call.split("split")
      let count = min(try call.int("count"), split.split.count)
      if let words = split.words { return .table(wordSamples(words, split: split, count: count)) }
      let shape = split.split.imageShape
      guard shape.count == 3, shape[2] == 1 else {
        throw StepFailure(
          "samples can show grey images only (shape HxWx1), not \(shape)", at: call.range)
      }
      let images = (0..<count).map { i in
        GrayImage(
          width: shape[1], height: shape[0], pixels: Array(split.split.image(i)),
          label: split.classNames[Int(split.split.labels[i])])
      }
      return .chart(
        .imageGrid(
          title: "The first \(count) images of \(split.name)",
          description:
            "A grid of \(count) grey \(shape[0])x\(shape[1]) images, each labelled with its class.",
          images: images, columns: min(10, count)))
    },
    "describe": { call throws(StepFailure) in
      guard case .dataset(let data) = try call.value("data") else {
        throw StepFailure("internal error: describe needs a data set", at: call.range)
      }
      return .table(describe(data))
    },
  ]

  /// `samples` of a word split: the first `count` words with their language, as a table.
  static func wordSamples(_ words: [String], split: NamedSplit, count: Int) -> TableValue {
    let rows = (0..<min(count, words.count)).map { i -> [String] in
      let label = Int(split.split.labels[i])
      return [
        String(i + 1), words[i],
        label < split.classNames.count ? split.classNames[label] : "\(label)",
      ]
    }
    return TableValue(
      table: Table(
        caption: "The first \(rows.count) words of \(split.name)",
        columns: [.init("#", .numeric), .init("word"), .init("class")], rows: rows))
  }

  private static func load(_ kind: DataLocator.Kind, _ call: StepCall) throws(StepFailure)
    -> RuntimeValue
  {
    // A missing or damaged data set is a failure at the call (its `RunnerError` text).
    let full = try call.engine { try call.environment.data.dataset(kind) }
    var loaded = full
    let train = try call.int("train")
    let test = try call.int("test")
    guard train <= full.dataset.train.count, test <= full.dataset.test.count else {
      throw StepFailure(
        "\(full.name) has \(full.dataset.train.count) training and \(full.dataset.test.count) "
          + "test images; "
          + "\(train) and \(test) were asked for", at: call.range)
    }
    loaded.dataset.train = full.dataset.train.prefix(train)
    loaded.dataset.test = full.dataset.test.prefix(test)
    return .dataset(loaded)
  }

  /// Per-class image counts and mean pixel value, for each split; for the word set, word
  /// counts and mean length in letters (tokens before the padding).
  static func describe(_ data: LoadedDataset) -> TableValue {
    let d = data.dataset
    let isWords = data.words != nil
    func stats(_ split: Split) -> (counts: [Int], means: [Double]) {
      var counts = [Int](repeating: 0, count: d.classNames.count)
      var sums = [Double](repeating: 0, count: d.classNames.count)
      let size = split.imageSize
      split.images.withUnsafeBufferPointer { pixels in
        for i in 0..<split.count {
          let label = Int(split.labels[i])
          counts[label] += 1
          var sum = 0
          for p in pixels[(i * size)..<((i + 1) * size)] {
            sum += isWords ? (p == 0 ? 0 : size) : Int(p)  // words: letters × size / size
          }
          sums[label] += Double(sum) / Double(size)
        }
      }
      return (counts, zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : .nan })
    }
    let train = stats(d.train)
    let test = stats(d.test)
    var rows: [[String]] = []
    // A class with no sample in a split has no mean: shown as a dash, not "NaN".
    let shown = { (mean: Double) in mean.isNaN ? "–" : Format.fixed(mean, decimals: 1) }
    for (c, name) in d.classNames.enumerated() {
      rows.append([
        String(c), name, Format.count(train.counts[c]), shown(train.means[c]),
        Format.count(test.counts[c]), shown(test.means[c]),
      ])
    }
    let allMean = { (s: (counts: [Int], means: [Double])) -> Double in
      let n = s.counts.reduce(0, +)
      return n == 0
        ? .nan
        : zip(s.counts, s.means).reduce(0) { $0 + Double($1.0) * ($1.1.isNaN ? 0 : $1.1) }
          / Double(n)
    }
    rows.append([
      "", "all", Format.count(d.train.count), shown(allMean(train)),
      Format.count(d.test.count), shown(allMean(test)),
    ])
    let (noun, mean) = isWords ? ("words", "mean letters") : ("images", "mean pixel")
    let table = Table(
      caption: isWords
        ? "\(data.name): words per class and mean length in letters"
        : "\(data.name): images per class and mean pixel value (0–255)",
      columns: .numeric(["label"]) + [.init("class", .text)]
        + .numeric(["train \(noun)", "train \(mean)", "test \(noun)", "test \(mean)"]),
      rows: rows)
    return TableValue(table: table)
  }
}
