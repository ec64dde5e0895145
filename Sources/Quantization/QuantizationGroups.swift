/// Which elements of a weight tensor share one scale (and zero point).
///
/// - `perTensor`: one group for the whole tensor.
/// - `perChannel`: one group per output channel (the slice at index c of the channel axis).
/// - `perGroup(size:)`: each output channel's elements, read as its *reduction vector*
///   (see `QuantizationGroups`), are cut into consecutive runs of `size`; the last run may
///   be shorter when `size` does not divide the vector length.
public enum QuantizationGranularity: Sendable, Hashable {
  case perTensor
  case perChannel
  case perGroup(size: Int)
}

/// The split of a weight tensor's elements into parameter groups.
///
/// Shape and layout: the tensor is row-major with `shape`; `channelAxis` is the output
/// channel axis (the last axis for HWIO conv weights kh×kw×cin×cout and for dense weights
/// in×out). With `outer` = product of the axes before the channel axis, `C` = channel count
/// and `inner` = product of the axes after it, element (o, c, i) sits at flat index
/// `(o·C + c)·inner + i` and at position `k = o·inner + i` of channel c's reduction vector
/// of length `K = outer·inner`. For HWIO weights k runs over (ky, kx, cin) in im2col order,
/// so groups run along the input dimension within each output channel.
public struct QuantizationGroups: Sendable, Hashable {
  public let shape: [Int]
  /// The output channel axis, normalised to 0..<shape.count.
  public let channelAxis: Int
  public let granularity: QuantizationGranularity
  /// Size of the channel axis.
  public let channelCount: Int
  /// Length K of each channel's reduction vector (element count / channel count).
  public let reductionLength: Int
  /// Groups within one channel: 1 for per-channel, ceil(K / size) for per-group.
  public let groupsPerChannel: Int
  /// Total number of parameter groups.
  public let groupCount: Int
  let inner: Int

  /// - Parameters:
  ///   - shape: the tensor shape; its product must be positive.
  ///   - channelAxis: the output channel axis; negative counts from the end (-1 = last).
  public init(shape: [Int], channelAxis: Int = -1, granularity: QuantizationGranularity) throws {
    guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else {
      throw QuantizationError(
        .shapeMismatch, "quantization groups: shape \(shape) must have positive dimensions")
    }
    let axis = channelAxis < 0 ? channelAxis + shape.count : channelAxis
    guard (0..<shape.count).contains(axis) else {
      throw QuantizationError(
        .shapeMismatch,
        "quantization groups: channel axis \(channelAxis) is outside shape \(shape)")
    }
    let count = shape.reduce(1, *)
    self.shape = shape
    self.channelAxis = axis
    self.granularity = granularity
    channelCount = shape[axis]
    inner = shape[(axis + 1)...].reduce(1, *)
    reductionLength = count / channelCount
    switch granularity {
    case .perTensor:
      groupsPerChannel = 1
      groupCount = 1
    case .perChannel:
      groupsPerChannel = 1
      groupCount = channelCount
    case .perGroup(let size):
      guard size > 0 else {
        throw QuantizationError(
          .invalidArgument, "quantization groups: group size must be positive, got \(size)")
      }
      groupsPerChannel = (reductionLength + size - 1) / size
      groupCount = channelCount * groupsPerChannel
    }
  }

  /// Number of elements in the tensor.
  public var elementCount: Int { channelCount * reductionLength }

  /// The output channel of the element at flat index `index`.
  @inline(__always)
  public func channel(ofElement index: Int) -> Int { (index / inner) % channelCount }

  /// The group of the element at flat index `index`.
  @inline(__always)
  public func group(ofElement index: Int) -> Int {
    switch granularity {
    case .perTensor:
      return 0
    case .perChannel:
      return channel(ofElement: index)
    case .perGroup(let size):
      let c = channel(ofElement: index)
      let position = (index / (inner * channelCount)) * inner + index % inner
      return c * groupsPerChannel + position / size
    }
  }

  /// The group of every element, in flat order.
  public func elementGroups() -> [Int] {
    (0..<elementCount).map(group(ofElement:))
  }
}
