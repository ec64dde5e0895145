import Foundation

/// Data folders that bad notebooks point `--data-dir` at, written on demand into a scratch
/// folder: `{tiny-idx}` in an `args:` line becomes the path of a folder built here.
///
/// Every folder follows the Fashion-MNIST file names (`train-images-idx3-ubyte`, ...).
/// The valid set is tiny: 60 training and 20 test images of 28x28x1, label `i % 10`.
enum BadNotebookFixtures {
  /// The placeholders an `args:` line may use, and what each folder holds.
  static let descriptions: [String: String] = [
    "tiny-idx": "a valid data set of 60 training and 20 test images",
    "truncated-idx": "the tiny set with train-images cut short by 1000 bytes",
    "corrupt-idx": "the tiny set with train-images replaced by text (wrong magic number)",
    "corrupt-gzip": "the tiny set with train-images as a .gz file whose stream is garbage",
    "bad-labels": "the tiny set with a training label of 200 (there are 10 classes)",
    "label-count": "the tiny set with one training label missing (60 images, 59 labels)",
    "empty-dir": "an empty folder",
    "folder-idx": "the tiny set with a folder named train-images-idx3-ubyte instead of the file",
    "wrong-shape": "the tiny set with 60 training images of 14x56 (the test images are 28x28)",
    "swapped-files": "the tiny set with the training image and label files swapped",
  ]

  /// Builds the folder for `name` under `parent` and returns its path; nil for an unknown name.
  static func build(_ name: String, in parent: String) -> String? {
    guard descriptions[name] != nil else { return nil }
    let folder = parent + "/" + name
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var files = tinySet()
    switch name {
    case "tiny-idx": break
    case "truncated-idx": files["train-images-idx3-ubyte"]?.removeLast(1000)
    case "corrupt-idx": files["train-images-idx3-ubyte"] = Array("this is not an IDX file\n".utf8)
    case "corrupt-gzip":
      files["train-images-idx3-ubyte"] = nil
      files["train-images-idx3-ubyte.gz"] =
        [0x1f, 0x8b, 0x08, 0x00] + Array(repeating: 0xAB, count: 64)
    case "bad-labels":
      files["train-labels-idx1-ubyte"] = idx([60], (0..<60).map { $0 == 7 ? 200 : UInt8($0 % 10) })
    case "label-count":
      files["train-labels-idx1-ubyte"] = idx([59], (0..<59).map { UInt8($0 % 10) })
    case "empty-dir": files = [:]
    case "folder-idx":
      files["train-images-idx3-ubyte"] = nil
      try? FileManager.default.createDirectory(
        atPath: folder + "/train-images-idx3-ubyte", withIntermediateDirectories: true)
    case "wrong-shape":
      files["train-images-idx3-ubyte"] = idx([60, 14, 56], Array(repeating: 9, count: 60 * 784))
    case "swapped-files":
      let (images, labels) = (files["train-images-idx3-ubyte"], files["train-labels-idx1-ubyte"])
      files["train-images-idx3-ubyte"] = labels
      files["train-labels-idx1-ubyte"] = images
    default: return nil
    }
    for (file, bytes) in files {
      FileManager.default.createFile(atPath: folder + "/" + file, contents: Data(bytes))
    }
    return folder
  }

  /// The four files of the valid tiny set: images `[N, 28, 28]`, labels `[N]`.
  static func tinySet() -> [String: [UInt8]] {
    func images(_ count: Int) -> [UInt8] {
      idx(
        [count, 28, 28],
        (0..<count * 784).map { UInt8(truncatingIfNeeded: ($0 / 784) * 25 + ($0 % 784) % 7 * 30) })
    }
    return [
      "train-images-idx3-ubyte": images(60),
      "train-labels-idx1-ubyte": idx([60], (0..<60).map { UInt8($0 % 10) }),
      "t10k-images-idx3-ubyte": images(20),
      "t10k-labels-idx1-ubyte": idx([20], (0..<20).map { UInt8($0 % 10) }),
    ]
  }

  /// An uncompressed IDX file of unsigned bytes: `00 00 08 rank`, big-endian extents, data.
  static func idx(_ dimensions: [Int], _ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
    for d in dimensions {
      out += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: d >> $0) }
    }
    return out + bytes
  }
}
