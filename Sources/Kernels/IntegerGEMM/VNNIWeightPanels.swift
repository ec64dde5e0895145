/// Weights packed for the VNNI micro-kernels (`vpdpbusd`), with each channel's weight sum.
///
/// `vpdpbusd` multiplies unsigned by signed bytes, four per int32 lane. Activations are
/// shifted to unsigned, `u = a + 128` in [0, 255], so
///
///     sum_p (a_p - zA) * W[j, p] = sum_p u_p * W[j, p] - (zA + 128) * S_j,   S_j = sum_p W[j, p]
///
/// and the micro-kernel starts each accumulator at the correction `-(zA + 128) * S_j`. The sums
/// are computed here, when the weights are packed; the correction is formed per call (16
/// multiplies per tile). All of it is exact in wrapping int32, since the result fits
/// (`k <= IntegerGEMMLayout.maxExactDepth`).
///
/// Layout: panels of 16 channels; depth cut into quads `(4q ..< 4q+4)`, the last padded with 0.
/// Int8: block `(p, q)` is 64 bytes at `(p * depthQuads + q) * 64`, byte `e` = `W[16p + e/4,
/// 4q + e%4]` (one zmm of operands; for AVX-VNNI bytes 0-31 are channels 0-7 and 32-63
/// channels 8-15). Int4: block `(p, q)` is 32 bytes, byte `e` holding int8-block element `e`
/// in its low nibble and element `e + 32` in its high nibble (two's complement nibbles).
public struct VNNIWeightPanels: Sendable {
  /// `ceil(k / 4)`.
  public let depthQuads: Int
  /// 64 (int8) or 32 (int4) bytes per block.
  public let blockBytes: Int
  /// The packed blocks, `panelCount * depthQuads * blockBytes` bytes.
  public let storage: [UInt8]
  /// `S_j` for every channel, zero-padded to `panelCount * 16`.
  public let channelSums: [Int32]

  /// Packs row-major `n x k` weights (row stride `ldw`); `nibbles` selects the int4 layout
  /// (values must then lie in [-8, 7], which the int4 packer has checked).
  init(weights: UnsafePointer<Int8>, n: Int, k: Int, ldw: Int, nibbles: Bool) {
    depthQuads = (k + 3) / 4
    blockBytes = nibbles ? 32 : 64
    storage = packPanels(weights, n: n, k: k, ldw: ldw, group: 4, nibbles: nibbles)
    var sums = [Int32](repeating: 0, count: (n + 15) / 16 * 16)
    for channel in 0..<n {
      for d in 0..<k { sums[channel] &+= Int32(weights[channel * ldw + d]) }
    }
    channelSums = sums
  }

  /// The weight of `channel` at depth `d`, decoded from the packed bytes (scalar).
  public func weight(channel: Int, depth d: Int) -> Int8 {
    unpackPanels(
      storage, channel: channel, depth: d, groups: depthQuads, group: 4, nibbles: blockBytes == 32)
  }

  /// The 16 accumulator starts of `panel` for activation zero point `zA`:
  /// `-(zA + 128) * S_j`, wrapping.
  @inline(__always)
  func correction(panel: Int, aZeroPoint: Int32) -> SIMD16<Int32> {
    let sums = channelSums.withUnsafeBufferPointer { buffer in
      UnsafeRawPointer(buffer.baseAddress! + panel * 16).loadUnaligned(as: SIMD16<Int32>.self)
    }
    return sums &* SIMD16(repeating: -(aZeroPoint + 128))
  }
}

/// Turns `rows` packed int16 rows `a - zA` (row stride `rowStride` elements) into the VNNI
/// kernels' unsigned rows `a + 128 = (a - zA) + zA + 128` (row stride `rowBytes >= rowStride`,
/// the tail zero; its weights are zero too, so it adds nothing).
func narrowToUnsigned(
  _ packed: UnsafePointer<Int16>, rowStride: Int, rows: Int, aZeroPoint: Int32,
  into out: UnsafeMutablePointer<UInt8>, rowBytes: Int
) {
  let shift = Int16(aZeroPoint + 128)
  let lanes = SIMD16<Int16>(repeating: shift)
  let vectorCount = rowStride / 16 * 16
  for r in 0..<rows {
    let source = packed + r * rowStride
    let target = out + r * rowBytes
    var p = 0
    while p < vectorCount {
      let wide = UnsafeRawPointer(source + p).loadUnaligned(as: SIMD16<Int16>.self) &+ lanes
      UnsafeMutableRawPointer(target + p).storeBytes(
        of: SIMD16<UInt8>(truncatingIfNeeded: wide), as: SIMD16<UInt8>.self)
      p += 16
    }
    while p < rowStride {
      target[p] = UInt8(truncatingIfNeeded: source[p] &+ shift)
      p += 1
    }
    while p < rowBytes {
      target[p] = 0
      p += 1
    }
  }
}
