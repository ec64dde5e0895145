import HTMLReport
import TensorEngine

/// A kind of model that `evaluate`, `compare`, `speed` and `summary` take (float, quantized,
/// integer); each conforms in its own folder.
protocol ModelKind: ValueKind {
  /// The float model underneath (its layer table is `summary`).
  var floatModel: Sequential { get }
  /// The float model it was made from; nil for a float model.
  var sourceModel: ModelValue? { get }
  /// Its figures on `split`, its label, and extras for tables.
  func measure(on split: NamedSplit, call: StepCall) throws(StepFailure) -> Predictions.Measured
  /// Predicts all of `split` once in batches of `batch` (what `speed` times); its label there.
  func timedRun(on split: NamedSplit, batch: Int, call: StepCall) throws(StepFailure) -> String
}

extension RuntimeValue {
  /// The value as a model kind; nil for anything but a model.
  var modelKind: (any ModelKind)? { kind as? any ModelKind }
}

/// Evaluation and timing of any kind of model value (float, quantized, integer).
enum Predictions {
  /// A model's figures on a split, its label, and extras (bits, size) for tables.
  struct Measured: Sendable {
    var evaluation: Evaluation
    var label: String
    var extras: [(name: String, value: RuntimeValue)] = []
  }

  static func evaluate(_ subject: RuntimeValue, on split: NamedSplit, call: StepCall)
    throws(StepFailure) -> Measured
  {
    guard let model = subject.modelKind else {
      throw StepFailure("internal error: not a model", at: call.range)
    }
    return try model.measure(on: split, call: call)
  }

  /// Images per second of each model on `split`, measured one after the other (median of 3).
  /// The table's `untimed` form (for reproducible reports) keeps the models and image counts
  /// and shows `Timings.placeholder` for the times.
  static func speed(_ models: [RuntimeValue], on split: NamedSplit, batch: Int, call: StepCall)
    throws(StepFailure)
    -> TableValue
  {
    var rows: [[String]] = []
    var rates: [Double] = []
    let clock = call.environment.clock
    for value in models {
      guard let model = value.modelKind else {
        throw StepFailure("internal error: not a model", at: call.range)
      }
      var times: [Double] = []
      var label = model.inlineText
      for _ in 0..<3 {
        let start = clock()
        label = try model.timedRun(on: split, batch: batch, call: call)
        times.append(clock() - start)
      }
      times.sort()
      let rate = Double(split.split.count) / times[1]
      rates.append(rate)
      rows.append([
        label, Format.count(split.split.count), Format.fixed(times[1] * 1000, decimals: 1),
        Format.count(Int(rate)),
      ])
    }
    let noun = split.noun
    let chart = Chart.bar(
      title: "Inference speed on \(split.name)",
      description: "\(noun.prefix(1).uppercased() + noun.dropFirst()) per second of each model "
        + "(median of 3 runs).",
      categories: rows.map { $0[0] }, categoryLabel: "model", value: Axis("\(noun)/s"),
      series: [.init("\(noun)/s", rates)])
    // A batch larger than the split runs the whole split at once: say what ran.
    let count = split.split.count
    let batchText = batch <= count ? "\(batch)" : "\(count) (all the \(noun); \(batch) asked)"
    let caption =
      "Inference speed, batch \(batchText), \(call.environment.threads) threads (median of 3)"
    let columns: [Table.Column] = [.init("model")] + .numeric([noun, "ms", "\(noun)/s"])
    let untimedRows = rows.map { Array($0.prefix(2)) + [Timings.placeholder, Timings.placeholder] }
    return TableValue(
      table: Table(caption: caption, columns: columns, rows: rows), charts: [chart],
      untimed: Table(
        caption: caption + "; times in the report's .timings.json file", columns: columns,
        rows: untimedRows))
  }
}
