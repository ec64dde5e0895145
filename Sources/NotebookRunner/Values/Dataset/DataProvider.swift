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
    var checksums: [(file: String, sha256: String)] = []
    var contents: [[UInt8]] = []
    for path in files.all {
      let bytes = try DataLocator.read(path)
      checksums.append((URL(fileURLWithPath: path).lastPathComponent, SHA256.hex(bytes)))
      contents.append(bytes)
    }
    let train: Split
    let test: Split
    do {
      train = try Split(idxImages: contents[0], idxLabels: contents[1])
    } catch {
      throw .dataCorrupt(path: "\(files.trainImages) or \(files.trainLabels)", reason: "\(error)")
    }
    do {
      test = try Split(idxImages: contents[2], idxLabels: contents[3])
    } catch {
      throw .dataCorrupt(path: "\(files.testImages) or \(files.testLabels)", reason: "\(error)")
    }
    let names = kind == .fashionMNIST ? Dataset.fashionMNISTClassNames : (0..<10).map(String.init)
    let dataset: Dataset
    do {
      dataset = try Dataset(train: train, test: test, classNames: names)
    } catch {
      throw .dataCorrupt(path: files.trainLabels, reason: "\(error)")
    }
    let value = LoadedDataset(
      dataset: dataset, name: kind == .fashionMNIST ? "Fashion-MNIST" : "MNIST",
      checksums: checksums)
    loaded[kind] = value
    return value
  }
}
