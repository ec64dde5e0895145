/// A dense Float32 tensor: a shape and its elements, row-major and contiguous.
///
/// Image batches use NHWC: `[batch, height, width, channels]`. A value type: copies are
/// independent (the `[Float]` storage is copy-on-write).
public struct Tensor: Sendable, Equatable {
  /// Extent of each axis; the element count is their product (1 for a scalar `[]`).
  public private(set) var shape: [Int]
  /// The elements in row-major order. Change values freely but keep the count equal to
  /// `shape.reduce(1, *)`: the engine checks it wherever a tensor enters a model.
  public var data: [Float]

  /// A tensor of `shape` filled with `value`.
  public init(shape: [Int], repeating value: Float = 0) {
    precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in \(shape)")
    self.shape = shape
    self.data = [Float](repeating: value, count: shape.reduce(1, *))
  }

  /// A tensor of `shape` holding `data`; throws when the counts disagree.
  public init(shape: [Int], data: [Float]) throws {
    let count = shape.reduce(1, *)
    guard shape.allSatisfy({ $0 >= 0 }), count == data.count else {
      throw EngineError.shapeMismatch(
        "tensor of shape \(shape) needs \(count) elements, got \(data.count)")
    }
    self.shape = shape
    self.data = data
  }

  /// Number of elements: the product of `shape`.
  public var count: Int { data.count }

  /// Whether `data.count` equals the product of `shape`.
  public var isConsistent: Bool { data.count == shape.reduce(1, *) }

  /// Element at a multi-index (row-major); traps when out of range (a programming error).
  public subscript(_ index: Int...) -> Float {
    get { data[flatIndex(index)] }
    set { data[flatIndex(index)] = newValue }
  }

  private func flatIndex(_ index: [Int]) -> Int {
    precondition(index.count == shape.count, "index \(index) for shape \(shape)")
    var flat = 0
    for (i, extent) in zip(index, shape) {
      precondition(i >= 0 && i < extent, "index \(index) out of range for shape \(shape)")
      flat = flat * extent + i
    }
    return flat
  }
}

/// Errors thrown by the engine. Every message says what was wrong and, where it helps, what
/// to do; callers add context such as a file name.
public enum EngineError: Error, Equatable, CustomStringConvertible, Sendable {
  /// Shapes do not line up (layer stack, weights replaced with the wrong shape, ...).
  case shapeMismatch(String)
  /// A parameter is outside its allowed range (negative rate, zero batch, ...).
  case invalidArgument(String)
  /// IDX data could not be read.
  case malformedIDX(String)
  /// Compressed data could not be inflated.
  case malformedGzip(String)
  /// A serialised model could not be read.
  case malformedModel(String)
  /// The loss became NaN or infinite during training.
  case nonFiniteLoss(epoch: Int, batch: Int, learningRate: Float)

  public var description: String {
    switch self {
    case .shapeMismatch(let m): return "shape mismatch: \(m)"
    case .invalidArgument(let m): return "invalid argument: \(m)"
    case .malformedIDX(let m): return "malformed IDX data: \(m)"
    case .malformedGzip(let m): return "malformed gzip data: \(m)"
    case .malformedModel(let m): return "malformed model data: \(m)"
    case .nonFiniteLoss(let epoch, let batch, let lr):
      return "the loss became NaN or infinite in epoch \(epoch), batch \(batch) "
        + "(learning rate \(lr)); try a lower learning rate"
    }
  }
}
