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

/// Int8 or int4 weights (`n x k`, one row per output channel) packed for `integerGEMM`,
/// `integerGEMMRequantized` and `integerConvRequantized`; `bits` selects the layout.
///
/// Int8 layout (`bits == 8`): panel `p` holds channels `16p ..< 16p+16`; inside it, depth pair
/// `q` is a block of 32 bytes at byte offset `(p * depthPairs + q) * 32`, whose byte `e` is
/// `W[16p + e/2, 2q + e%2]` (as a bit pattern). Loading the first and last 16 bytes and
/// sign-extending them to int16 gives exactly the `vpmaddwd` operands for channels 0-7 and
/// 8-15 of the panel.
///
/// Int4 layout (`bits == 4`, values in [-8, 7]): the same panels and depth pairs, but each block
/// is 16 bytes: byte `j` holds int8-layout element `j` in its low nibble and element `j + 16`
/// in its high nibble (two's complement nibbles). So the low nibbles are channels 0-7 of the
/// panel and the high nibbles channels 8-15, each as `(2q, 2q+1)` pairs, and the kernel unpacks
/// one 16-byte load into both `vpmaddwd` operands with shifts. Symmetric int4 quantizers
/// produce [-7, 7]; -8 is accepted and exact too.
public struct PackedIntegerWeights: Sendable {
  /// Output channels `n`.
  public let outputChannels: Int
  /// Depth `k` (the reduction length).
  public let depth: Int
  /// 8 (one byte per weight) or 4 (two nibbles per byte).
  public let bits: Int
  /// Panels and depth pairs: `ceil(n / 16)` and `ceil(k / 2)`.
  public let panelCount: Int
  public let depthPairs: Int
  /// The packed bytes, `panelCount * depthPairs * blockBytes` of them.
  public let storage: [UInt8]
  /// The same weights for the VNNI kernels (quad blocks and channel sums).
  public let quads: VNNIWeightPanels

  /// Bytes of one block: `IntegerGEMMLayout.int8BlockBytes` or `int4BlockBytes`.
  public var blockBytes: Int {
    bits == 8 ? IntegerGEMMLayout.int8BlockBytes : IntegerGEMMLayout.int4BlockBytes
  }

  /// Packs `weights`, row-major `outputChannels x depth` with row stride `ldw >= depth`, for
  /// `bits` 8 (any int8 value; symmetric quantizers produce [-127, 127]) or 4 (values in
  /// [-8, 7]).
  public init(
    weights: UnsafePointer<Int8>, outputChannels n: Int, depth k: Int, ldw: Int? = nil,
    bits: Int
  ) throws(IntegerKernelError) {
    let name = "PackedInt\(bits)Weights"
    let ldw = ldw ?? k
    try require(bits == 8 || bits == 4, "PackedIntegerWeights", "bits must be 8 or 4, got \(bits)")
    try validatePackShape(name, n: n, k: k, ldw: ldw)
    for channel in 0..<n where bits == 4 {
      for d in 0..<k {
        let value = weights[channel * ldw + d]
        try require(
          (-8...7).contains(value), name,
          "weight [\(channel), \(d)] is \(value), outside the int4 range [-8, 7]")
      }
    }
    outputChannels = n
    depth = k
    self.bits = bits
    panelCount = (n + 15) / 16
    depthPairs = (k + 1) / 2
    storage = packPanels(weights, n: n, k: k, ldw: ldw, group: 2, nibbles: bits == 4)
    quads = VNNIWeightPanels(weights: weights, n: n, k: k, ldw: ldw, nibbles: bits == 4)
  }

  /// Packs a row-major `outputChannels x depth` array (int4: values in [-8, 7]), checking its
  /// element count.
  public init(
    weights: [Int8], outputChannels n: Int, depth k: Int, bits: Int
  ) throws(IntegerKernelError) {
    try require(
      weights.count == n * k, "PackedInt\(bits)Weights",
      "\(weights.count) weights given for \(n) channels x depth \(k) = \(n * k)")
    self = try weights.withUnsafeBufferPointer { buffer throws(IntegerKernelError) in
      try Self(weights: buffer.baseAddress!, outputChannels: n, depth: k, ldw: k, bits: bits)
    }
  }

  /// The weight of `channel` at `depth`, decoded from the packed bytes (scalar).
  public func weight(channel: Int, depth d: Int) -> Int8 {
    unpackPanels(
      storage, channel: channel, depth: d, groups: depthPairs, group: 2, nibbles: bits == 4)
  }

  /// All weights, row-major `n x k` (the reference kernels' layout).
  public func unpacked() -> [Int8] {
    var codes = [Int8](repeating: 0, count: outputChannels * depth)
    for c in 0..<outputChannels {
      for d in 0..<depth { codes[c * depth + d] = weight(channel: c, depth: d) }
    }
    return codes
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

/// Packs row-major `n x k` weights (row stride `ldw`) into panels of 16 channels and depth
/// groups of `group` (2: the pair layout, 4: the VNNI quad layout): block `(p, q)` holds the
/// `16 * group` elements `e = lane * group + d % group` of channels `16p + lane`, depths
/// `group * q ..< group * (q + 1)`, at byte `(p * ceil(k / group) + q) * blockBytes`. Int8: one
/// byte per element, `blockBytes = 16 * group`. Nibbles (values in [-8, 7]): half as many
/// bytes, byte `j` holding element `j` in its low nibble and element `j + blockBytes` in its
/// high nibble. Padding is zero.
func packPanels(
  _ weights: UnsafePointer<Int8>, n: Int, k: Int, ldw: Int, group: Int, nibbles: Bool
) -> [UInt8] {
  let groups = (k + group - 1) / group
  let blockBytes = nibbles ? 8 * group : 16 * group
  var bytes = [UInt8](repeating: 0, count: (n + 15) / 16 * groups * blockBytes)
  for channel in 0..<n {
    let (p, lane) = channel.quotientAndRemainder(dividingBy: 16)
    for d in 0..<k {
      let value = UInt8(bitPattern: weights[channel * ldw + d])
      let element = lane * group + d % group
      let block = (p * groups + d / group) * blockBytes
      if nibbles {
        bytes[block + element % blockBytes] |=
          element < blockBytes ? value & 0x0F : value << 4
      } else {
        bytes[block + element] = value
      }
    }
  }
  return bytes
}

/// The weight of `channel` at `depth` in `packPanels`' layout with `groups` depth groups per
/// panel (scalar): the byte, or its nibble sign-extended.
func unpackPanels(
  _ storage: [UInt8], channel: Int, depth d: Int, groups: Int, group: Int, nibbles: Bool
) -> Int8 {
  let (p, lane) = channel.quotientAndRemainder(dividingBy: 16)
  let element = lane * group + d % group
  let blockBytes = nibbles ? 8 * group : 16 * group
  let block = (p * groups + d / group) * blockBytes
  guard nibbles else { return Int8(bitPattern: storage[block + element]) }
  let byte = storage[block + element % blockBytes]
  let nibble = element < blockBytes ? byte & 0x0F : byte >> 4
  return Int8(bitPattern: nibble << 4) >> 4  // sign-extend the nibble
}
