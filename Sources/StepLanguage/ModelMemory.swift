import MarkdownNotebook

/// Overflow-checked arithmetic for sizes computed from user numbers: a result too large for
/// `Int` saturates at `Int.max` (which every limit rejects) instead of trapping.
public enum Checked {
  public static func product(_ factors: [Int]) -> Int {
    var result = 1
    for f in factors {
      let (p, overflow) = result.multipliedReportingOverflow(by: f)
      if overflow { return Int.max }
      result = p
    }
    return result
  }

  public static func sum(_ terms: [Int]) -> Int {
    var result = 0
    for t in terms {
      let (s, overflow) = result.addingReportingOverflow(t)
      if overflow { return Int.max }
      result = s
    }
    return result
  }
}

/// The memory a model needs, estimated from its static shapes before anything runs.
///
/// A model with P parameters whose layers hold A float32 values per image (the input, every
/// layer's output, each convolution's im2col patch matrix H'·W'·k²·C) needs, for a batch of
/// B images,
///
///     training:  bytes = 4 · (4·P + 2·A·B)   (weights, gradients, two Adam moments; values
///                                             and their gradients)
///     inference: bytes = 4 · (P + A·B)
///
/// This must be at most `byteLimit` (4 GiB), and no single tensor (one layer's weights, or
/// one layer's output or patch matrix for the whole batch) may hold more than `tensorLimit`
/// (2^31) values. `sequential` is checked for training one image; `train`, `qat` and `speed`
/// with their `batch`; `evaluate`, `compare` and `sensitivity` with the engine's
/// evaluation batch of `evaluationBatch` images.
public struct ModelMemory: Sendable {
  public static let byteLimit = 1 << 32
  public static let tensorLimit = 1 << 31
  public static let evaluationBatch = 256

  public var parameters: Int
  /// A: float32 values held per image.
  public var valuesPerImage: Int
  /// The largest per-image tensor (an output or a patch matrix) and its layer.
  public var largestPerImage: (count: Int, layer: String)
  /// The largest weight tensor and its layer.
  public var largestWeights: (count: Int, layer: String)

  public init(_ model: ModelShape) {
    parameters = model.parameterCount
    var values = [Checked.product(model.input)]
    var largest = (count: values[0], layer: "the input")
    var weights = (count: 0, layer: "")
    for layer in model.layers {
      let output = Checked.product(layer.output)
      values += [output, layer.scratchCount]
      if output > largest.count { largest = (output, "\(layer.name)'s output") }
      if layer.scratchCount > largest.count {
        largest = (layer.scratchCount, "\(layer.name)'s patch matrix")
      }
      if layer.parameterCount > weights.count { weights = (layer.parameterCount, layer.name) }
    }
    valuesPerImage = Checked.sum(values)
    largestPerImage = largest
    largestWeights = weights
  }

  /// Bytes for a batch of `batch` images (saturating).
  public func bytes(batch: Int, training: Bool) -> Int {
    let activations = Checked.product([valuesPerImage, batch, training ? 2 : 1])
    return Checked.product([
      4, Checked.sum([Checked.product([parameters, training ? 4 : 1]), activations]),
    ])
  }

  /// Why `batch` images do not fit, or `nil` when they do: the bytes needed, and the
  /// largest tensor when it is over `tensorLimit`.
  public func problem(batch: Int, training: Bool) -> String? {
    let images = batch == 1 ? "one image" : "a batch of \(batch) images"
    let perBatch = Checked.product([largestPerImage.count, batch])
    var tensor: String?
    if max(largestWeights.count, perBatch) > Self.tensorLimit {
      tensor =
        largestWeights.count >= perBatch
        ? "\(largestWeights.layer)'s parameters hold "
          + "\(Self.describe(count: largestWeights.count)) values"
        : "\(largestPerImage.layer) holds \(Self.describe(count: perBatch)) values for \(images)"
    }
    let bytes = bytes(batch: batch, training: training)
    let over = bytes > Self.byteLimit
    guard over || tensor != nil else { return nil }
    var message =
      "it needs \(Self.describe(bytes: bytes)) to \(training ? "train" : "run") \(images) "
      + "(\(Self.describe(count: parameters)) parameters, "
      + "\(Self.describe(count: valuesPerImage)) values per image)"
    if over { message += ", over the limit of 4 GiB" }
    if let tensor {
      message +=
        "\(over ? ", and" : ", and while that fits,") \(tensor), over the limit of 2^31 values "
        + "per tensor"
    }
    return message
  }

  /// A count, or "more than 2^63" when it saturated.
  static func describe(count: Int) -> String { count == Int.max ? "more than 2^63" : String(count) }

  /// `5368709120 bytes (5.0 GiB)`.
  public static func describe(bytes: Int) -> String {
    if bytes == Int.max { return "more than 2^63 bytes" }
    let gib = Double(bytes) / Double(1 << 30)
    let rounded = (gib * 10).rounded() / 10
    return "\(bytes) bytes (\(rounded) GiB)"
  }
}
