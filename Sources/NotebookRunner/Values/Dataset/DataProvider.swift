import Foundation
import TensorEngine

/// Loads data sets from disk once per run and shares them between notebooks.
///
/// Reading, checksumming (SHA-256 of each file as stored) and parsing the IDX files happens
/// on first use; later requests get the same value. Thread-safe.
final class DataProvider: @unchecked Sendable {
  let locator: DataLocator
  let lock = NSLock()
  private var loaded: [DataLocator.Kind: LoadedDataset] = [:]
  /// The word set, once built (see `words()`), and where its built form is cached.
  var words: LoadedDataset?
  let cacheFolder: String?
  let threads: Int

  init(locator: DataLocator, cacheFolder: String? = nil, threads: Int = 1) {
    self.locator = locator
    self.cacheFolder = cacheFolder
    self.threads = threads
  }

  /// The whole data set of `kind` (all training and test images).
  func dataset(_ kind: DataLocator.Kind) throws(RunnerError) -> LoadedDataset {
    lock.lock()
    defer { lock.unlock() }
    if let cached = loaded[kind] { return cached }
    let files = try locator.locate(kind)
    let contents = try files.all.map { path throws(RunnerError) in try DataLocator.read(path) }
    let checksums = zip(files.all, contents).map {
      (file: URL(fileURLWithPath: $0).lastPathComponent, sha256: SHA256.hex($1))
    }
    // Each file parsed on its own, so that a message names the one that is wrong.
    let arrays = try zip(files.all, contents).map { path, bytes throws(RunnerError) in
      do {
        return try IDXArray(parsing: bytes)
      } catch {
        throw .dataCorrupt(path: path, reason: "\(error)")
      }
    }
    // Train from files 0 and 1, test from 2 and 3 (`Files.all`).
    let splits = try [0, 2].map { images throws(RunnerError) in
      do {
        return try Split(images: arrays[images], labels: arrays[images + 1])
      } catch {
        let path = Self.culprit(error, files.all[images], files.all[images + 1])
        throw .dataCorrupt(path: path, reason: "\(error)")
      }
    }
    let names = kind == .fashionMNIST ? Dataset.fashionMNISTClassNames : (0..<10).map(String.init)
    let dataset: Dataset
    do {
      dataset = try Dataset(train: splits[0], test: splits[1], classNames: names)
    } catch {
      // Train and test disagree (image shapes): both image files are named.
      throw .dataCorrupt(path: "\(files.trainImages) or \(files.testImages)", reason: "\(error)")
    }
    let value = LoadedDataset(
      dataset: dataset, name: kind == .fashionMNIST ? "Fashion-MNIST" : "MNIST",
      checksums: checksums)
    loaded[kind] = value
    return value
  }

  /// The file a split's error is about: the images or the labels file when the message
  /// says so (`images: ...`, `labels: ...`), else both (their counts disagree).
  static func culprit(_ error: any Error, _ images: String, _ labels: String) -> String {
    let text = "\(error)"
    if text.contains("images: ") { return images }
    if text.contains("labels: ") { return labels }
    return "\(images) or \(labels)"
  }
}
