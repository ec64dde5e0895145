/// Images with labels: `count x H x W x C` pixels as bytes (0...255), one label per image.
///
/// Pixels stay `UInt8` (60000 Fashion-MNIST images take 47 MB) and are turned into floats
/// batch by batch through the model's `InputEncoding`.
public struct Split: Sendable, Equatable {
  /// `count * H * W * C` bytes, image after image, NHWC.
  public private(set) var images: [UInt8]
  /// One class index per image.
  public private(set) var labels: [UInt8]
  /// `[H, W, C]` of one image, or `[steps]` for token sequences (words: 16 letter indices).
  public let imageShape: [Int]

  /// Throws when the byte count is not `labels.count * H * W * C`.
  public init(images: [UInt8], labels: [UInt8], imageShape: [Int]) throws {
    let size = imageShape.reduce(1, *)
    guard imageShape.count == 3 || imageShape.count == 1, imageShape.allSatisfy({ $0 >= 1 }) else {
      throw EngineError.invalidArgument(
        "image shape must be [height, width, channels] (or [steps] for token sequences), got "
          + "\(imageShape)"
      )
    }
    guard images.count == labels.count * size else {
      throw EngineError.shapeMismatch(
        "\(labels.count) labels need \(labels.count * size) pixel bytes, got \(images.count)")
    }
    self.images = images
    self.labels = labels
    self.imageShape = imageShape
  }

  /// Number of images.
  public var count: Int { labels.count }
  /// Bytes per image.
  public var imageSize: Int { imageShape.reduce(1, *) }

  /// The first `n` images (all when `n >= count`).
  public func prefix(_ n: Int) -> Split { slice(0..<max(0, n)) }

  /// Images `range` (clamped to the split).
  public func slice(_ range: Range<Int>) -> Split {
    let lo = max(0, min(range.lowerBound, count))
    let hi = max(lo, min(range.upperBound, count))
    return try! Split(
      images: Array(images[(lo * imageSize)..<(hi * imageSize)]), labels: Array(labels[lo..<hi]),
      imageShape: imageShape)
  }

  /// Pixels of image `i`, `H * W * C` bytes.
  public func image(_ i: Int) -> ArraySlice<UInt8> {
    images[(i * imageSize)..<((i + 1) * imageSize)]
  }

  /// The largest label plus one (0 for an empty split).
  public var classCount: Int { labels.max().map { Int($0) + 1 } ?? 0 }
}

/// A data set: a training and a test split of the same image shape, and class names.
public struct Dataset: Sendable, Equatable {
  public var train: Split
  public var test: Split
  public var classNames: [String]

  public init(train: Split, test: Split, classNames: [String]) throws {
    guard train.imageShape == test.imageShape else {
      throw EngineError.shapeMismatch(
        "train images are \(train.imageShape) but test images are \(test.imageShape)")
    }
    guard max(train.classCount, test.classCount) <= classNames.count else {
      throw EngineError.invalidArgument(
        "labels go up to \(max(train.classCount, test.classCount) - 1) but there are only "
          + "\(classNames.count) class names")
    }
    self.train = train
    self.test = test
    self.classNames = classNames
  }

  /// Fashion-MNIST's ten classes, in label order.
  public static let fashionMNISTClassNames = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
  ]
}
