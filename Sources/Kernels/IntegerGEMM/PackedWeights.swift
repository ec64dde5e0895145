/// Weight matrices packed for the integer GEMM micro-kernels.
///
/// Both layouts cut the `n x k` weight matrix (`n` output channels, each a row of `k` depth
/// values) into panels of `IntegerGEMMLayout.panelWidth` (16) channels and the depth into
/// pairs `(2q, 2q+1)`: one pair of one channel is what `vpmaddwd` multiplies and adds. Channels
/// past `n` and the odd depth slot past `k` are packed as zero, so they add nothing.

/// Constants of the packed layouts shared by the packers and the micro-kernels.
public enum IntegerGEMMLayout {
  /// Output channels per packed panel (two 8-lane int32 accumulators).
  public static let panelWidth = 16
  /// Rows of activations per micro-tile.
  public static let tileRows = 6
  /// Bytes of one int8 block: 16 channels x 1 depth pair x 1 byte.
  public static let int8BlockBytes = 32
  /// Bytes of one int4 block: 16 channels x 1 depth pair x half a byte.
  public static let int4BlockBytes = 16
  /// The largest depth for which the int32 accumulator is exact whatever the values:
  /// `|a - zA| <= 255`, `|w| <= 128`, so `k * 255 * 128 < 2^31`.
  public static let maxExactDepth = Int(Int32.max) / (255 * 128)
}

/// Int8 weights (`n x k`, one row per output channel) packed for `int8GEMM`.
///
/// Layout: panel `p` holds channels `16p ..< 16p+16`; inside it, depth pair `q` is a block of
/// 32 bytes at byte offset `(p * depthPairs + q) * 32`, whose byte `e` is
/// `W[16p + e/2, 2q + e%2]`. Loading the first and last 16 bytes and sign-extending them to
/// int16 gives exactly the `vpmaddwd` operands for channels 0-7 and 8-15 of the panel.
public struct PackedInt8Weights: Sendable {
  /// Output channels `n`.
  public let outputChannels: Int
  /// Depth `k` (the reduction length).
  public let depth: Int
  /// Panels and depth pairs: `ceil(n / 16)` and `ceil(k / 2)`.
  public let panelCount: Int
  public let depthPairs: Int
  /// The packed bytes, `panelCount * depthPairs * 32` of them.
  public let storage: [Int8]
  /// The same weights for the VNNI kernels (64-byte quad blocks and channel sums).
  public let quads: VNNIWeightPanels

  /// Packs `weights`, row-major `outputChannels x depth` with row stride `ldw >= depth`.
  /// Any int8 value is accepted (symmetric quantizers produce [-127, 127]).
  public init(
    weights: UnsafePointer<Int8>, outputChannels n: Int, depth k: Int, ldw: Int? = nil
  ) throws(IntegerKernelError) {
    let ldw = ldw ?? k
    try validatePackShape("PackedInt8Weights", n: n, k: k, ldw: ldw)
    outputChannels = n
    depth = k
    panelCount = (n + 15) / 16
    depthPairs = (k + 1) / 2
    var bytes = [Int8](repeating: 0, count: panelCount * depthPairs * 32)
    for channel in 0..<n {
      let (p, lane) = channel.quotientAndRemainder(dividingBy: 16)
      for d in 0..<k {
        bytes[(p * depthPairs + d / 2) * 32 + lane * 2 + d % 2] = weights[channel * ldw + d]
      }
    }
    storage = bytes
    quads = VNNIWeightPanels(weights: weights, n: n, k: k, ldw: ldw, nibbles: false)
  }

  /// The weight of `channel` at `depth`, decoded from the packed bytes (scalar).
  public func weight(channel: Int, depth d: Int) -> Int8 {
    let (p, lane) = channel.quotientAndRemainder(dividingBy: 16)
    return storage[(p * depthPairs + d / 2) * 32 + lane * 2 + d % 2]
  }
}

/// Int4 weights (`n x k`, values in [-8, 7]) packed two per byte for `int4GEMM`.
///
/// Layout: the same panels and depth pairs as `PackedInt8Weights`, but each block is 16
/// bytes: byte `j` holds int8-layout element `j` in its low nibble and element `j + 16` in its
/// high nibble (two's complement nibbles). So the low nibbles are channels 0-7 of the panel and
/// the high nibbles channels 8-15, each as `(2q, 2q+1)` pairs, and the kernel unpacks one
/// 16-byte load into both `vpmaddwd` operands with shifts. Symmetric int4 quantizers produce
/// [-7, 7]; -8 is accepted and exact too.
public struct PackedInt4Weights: Sendable {
  public let outputChannels: Int
  public let depth: Int
  public let panelCount: Int
  public let depthPairs: Int
  /// The packed bytes, `panelCount * depthPairs * 16` of them (half of the int8 layout).
  public let storage: [UInt8]
  /// The same weights for the VNNI kernels (32-byte quad blocks of nibbles, channel sums).
  public let quads: VNNIWeightPanels

  /// Packs `weights` (int8 values, each in [-8, 7]), row-major `outputChannels x depth`.
  public init(
    weights: UnsafePointer<Int8>, outputChannels n: Int, depth k: Int, ldw: Int? = nil
  ) throws(IntegerKernelError) {
    let ldw = ldw ?? k
    try validatePackShape("PackedInt4Weights", n: n, k: k, ldw: ldw)
    outputChannels = n
    depth = k
    panelCount = (n + 15) / 16
    depthPairs = (k + 1) / 2
    var bytes = [UInt8](repeating: 0, count: panelCount * depthPairs * 16)
    for channel in 0..<n {
      let (p, lane) = channel.quotientAndRemainder(dividingBy: 16)
      for d in 0..<k {
        let value = weights[channel * ldw + d]
        try require(
          (-8...7).contains(value), "PackedInt4Weights",
          "weight [\(channel), \(d)] is \(value), outside the int4 range [-8, 7]")
        let element = lane * 2 + d % 2  // 0..<32, as in the int8 layout
        let index = (p * depthPairs + d / 2) * 16 + element % 16
        let nibble = UInt8(bitPattern: value) & 0x0F
        bytes[index] |= element < 16 ? nibble : nibble << 4
      }
    }
    storage = bytes
    quads = VNNIWeightPanels(weights: weights, n: n, k: k, ldw: ldw, nibbles: true)
  }

  /// The weight of `channel` at `depth`, decoded from its nibble (scalar).
  public func weight(channel: Int, depth d: Int) -> Int8 {
    let (p, lane) = channel.quotientAndRemainder(dividingBy: 16)
    let element = lane * 2 + d % 2
    let byte = storage[(p * depthPairs + d / 2) * 16 + element % 16]
    let nibble = element < 16 ? byte & 0x0F : byte >> 4
    return Int8(bitPattern: nibble << 4) >> 4  // sign-extend the nibble
  }
}

func validatePackShape(_ function: String, n: Int, k: Int, ldw: Int) throws(IntegerKernelError) {
  try require(
    n >= 1 && k >= 1, function, "needs at least one channel and depth 1, got n=\(n) k=\(k)")
  try require(ldw >= k, function, "row stride ldw=\(ldw) is smaller than depth k=\(k)")
  try require(
    k <= IntegerGEMMLayout.maxExactDepth, function,
    "depth k=\(k) exceeds \(IntegerGEMMLayout.maxExactDepth), past which int32 sums may overflow")
}

/// The two packed layouts, which pack from a pointer alike; the array form is written once.
public protocol PackedIntegerWeights: Sendable {
  init(
    weights: UnsafePointer<Int8>, outputChannels n: Int, depth k: Int, ldw: Int?
  ) throws(IntegerKernelError)
}

extension PackedInt8Weights: PackedIntegerWeights {}
extension PackedInt4Weights: PackedIntegerWeights {}

extension PackedIntegerWeights {
  /// Packs a row-major `outputChannels x depth` array (int4: values in [-8, 7]), checking its
  /// element count.
  public init(weights: [Int8], outputChannels n: Int, depth k: Int) throws(IntegerKernelError) {
    try require(
      weights.count == n * k, "\(Self.self)",
      "\(weights.count) weights given for \(n) channels x depth \(k) = \(n * k)")
    self = try weights.withUnsafeBufferPointer { buffer throws(IntegerKernelError) in
      try Self(weights: buffer.baseAddress!, outputChannels: n, depth: k, ldw: k)
    }
  }
}
