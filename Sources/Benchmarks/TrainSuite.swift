import Foundation
import TensorEngine

/// Reads Fashion-MNIST from `options.dataDirectory` or Debian's datasets folder.
enum BenchData {
  static let defaultDirectory = "/usr/share/datasets/fashion-mnist"

  static func fashionMNIST(_ options: BenchOptions) throws -> Dataset {
    let dir = options.dataDirectory ?? defaultDirectory
    func read(_ name: String) throws -> [UInt8] {
      try file(
        (dir as NSString).appendingPathComponent(name),
        or: "install Debian's dataset-fashion-mnist or pass --data-dir")
    }
    func split(_ prefix: String) throws -> Split {
      do {
        return try Split(
          idxImages: read("\(prefix)-images-idx3-ubyte.gz"),
          idxLabels: read("\(prefix)-labels-idx1-ubyte.gz"))
      } catch let e as EngineError {
        throw EngineError.invalidArgument("\(dir)/\(prefix)-*: \(e)")
      }
    }
    return try Dataset(
      train: split("train"), test: split("t10k"), classNames: Dataset.fashionMNISTClassNames)
  }

  /// The bytes of the file at `path`; a file that cannot be read is an error naming it, then
  /// `hint` (how to get it).
  static func file(_ path: String, or hint: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw EngineError.invalidArgument("cannot read \(path); \(hint)")
    }
    return [UInt8](data)
  }

  /// A training progress callback that reports every `every` batches:
  /// `<label>epoch E<of> batch B/N loss L`.
  static func progress(
    _ options: BenchOptions, every: Int, label: String = "", of epochs: String = ""
  ) -> (TrainingProgress) -> Void {
    { p in
      if p.batch % every == 0 {
        options.progress(
          "\(label)epoch \(p.epoch)\(epochs) batch \(p.batch)/\(p.batchesPerEpoch)"
            + " loss \(String(format: "%.4f", p.runningLoss))")
      }
    }
  }

  static func clock() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

  /// Examples per second of one epoch of `model` on `split` (seed 1), for each of up to 3 runs
  /// (`options.repeats`); `label` names the runs in the progress line.
  static func trainingRates(
    _ model: Sequential, on split: Split, batchSize: Int, threads: Int, options: BenchOptions,
    label: String
  ) throws -> [Double] {
    try (0..<max(1, min(options.repeats, 3))).map { r in
      options.progress("\(label), run \(r + 1)")
      let epoch = TrainingOptions(epochs: 1, batchSize: batchSize, seed: 1, threads: threads)
      return try train(model, on: split, options: epoch, clock: clock)
        .history.epochs[0].imagesPerSecond
    }
  }
}

/// `train`: seed-CNN training speed (Adam 1e-3, batch 32) on the first 9,600 images of
/// Fashion-MNIST (300 batches), with the bench thread count and with 1 thread.
let trainSuite = BenchSuite(
  name: "train",
  summary: "seed CNN training images/s (batch 32) on Fashion-MNIST"
) { options in
  let data = try BenchData.fashionMNIST(options)
  var figures: [BenchFigure] = []
  let speedImages = 300 * 32
  let speedSplit = data.train.prefix(speedImages)
  for threads in Set([options.threads, 1]).sorted(by: >) {
    let rates = try BenchData.trainingRates(
      try Sequential.seedCNN(seed: 1), on: speedSplit, batchSize: 32, threads: threads,
      options: options, label: "train speed, \(threads) thread(s)")
    figures.append(
      BenchFigure(
        suite: "train", name: "seed CNN batch 32, \(threads) thread(s)",
        value: Stopwatch.median(rates), unit: "images/s",
        note: "\(speedImages) images, median of \(rates.count)"))
  }
  return figures
}

/// `train-accuracy`: the full recipe, 5 epochs on all 60,000 images, tested on 10,000.
let trainAccuracySuite = BenchSuite(
  name: "train-accuracy",
  summary: "seed CNN 5 epochs on Fashion-MNIST: test accuracy (target >= 90.0%) and images/s"
) { options in
  let data = try BenchData.fashionMNIST(options)
  var figures: [BenchFigure] = []
  let result = try train(
    try Sequential.seedCNN(seed: 1), on: data.train, validation: data.test,
    options: TrainingOptions(epochs: 5, batchSize: 32, seed: 1, threads: options.threads),
    clock: BenchData.clock, progress: BenchData.progress(options, every: 200, of: "/5"))
  let epochs = result.history.epochs
  let seconds = epochs.reduce(0) { $0 + $1.seconds }
  figures.append(
    BenchFigure(
      suite: "train-accuracy", name: "seed CNN 5 epochs, \(options.threads) thread(s)",
      value: Double(60000 * 5) / seconds, unit: "images/s",
      note: String(format: "%.1f s of training", seconds)))
  figures.append(
    BenchFigure(
      suite: "train-accuracy", name: "seed CNN 5 epochs test accuracy",
      value: 100 * (epochs.last?.testAccuracy ?? 0), unit: "%",
      note: epochs.map { String(format: "e%d %.2f%%", $0.epoch, 100 * ($0.testAccuracy ?? 0)) }
        .joined(separator: " ")))
  return figures
}
