// An exact scalar emulation of the VNNI kernels (`vpdpbusd` over `VNNIWeightPanels`), so that
// the VNNI layout and its weight-sum correction run against the reference on every CPU, VNNI
// or not (`IntegerTile.emulatedVNNI`, used by the tests).

/// `vpdpbusd` on one 512-bit register, exactly: for each int32 lane `i`,
/// `acc[i] += sum_{k<4} u8(a[4i+k]) * s8(w[4i+k])`, wrapping, no saturation.
/// (The 256-bit AVX-VNNI form is the same on the low 8 lanes.)
func emulatedDPBUSD(
  _ acc: SIMD16<Int32>, _ a: SIMD64<UInt8>, _ w: SIMD64<Int8>
) -> SIMD16<Int32> {
  var out = acc
  for lane in 0..<16 {
    var sum = out[lane]
    for k in 0..<4 { sum &+= Int32(a[4 * lane + k]) &* Int32(w[4 * lane + k]) }
    out[lane] = sum
  }
  return out
}

/// The register contents the int4 VNNI kernels build from one 32-byte block: bytes 0-31 the
/// low nibbles, 32-63 the high nibbles, each sign-extended as `(nibble ^ 8) - 8` in 8 bits.
func emulatedUnpackNibbles(_ block: UnsafeRawPointer) -> SIMD64<Int8> {
  var out = SIMD64<Int8>()
  for e in 0..<32 {
    let byte = block.load(fromByteOffset: e, as: UInt8.self)
    out[e] = Int8(bitPattern: ((byte & 0x0F) ^ 8) &- 8)
    out[e + 32] = Int8(bitPattern: (((byte >> 4) & 0x0F) ^ 8) &- 8)
  }
  return out
}

/// The VNNI 6 x 16 tile, register by register in scalar Swift: each accumulator starts at
/// `initial`, then for every depth quad the row's 4 unsigned bytes are broadcast to all lanes
/// and `emulatedDPBUSD` adds the block's products. `a` is unsigned bytes (row stride
/// `a.rowBytes`), `w` the `VNNIWeightPanels` blocks of one panel.
func emulatedVNNITile(
  _ a: PackedActivationTile, _ w: UnsafeRawPointer, depthQuads: Int, blockBytes: Int,
  initial: SIMD16<Int32>, _ c: UnsafeMutablePointer<Int32>, ldc: Int
) {
  for r in 0..<IntegerGEMMLayout.tileRows {
    var acc = initial
    for q in 0..<depthQuads {
      let quad = a.base.loadUnaligned(fromByteOffset: r * a.rowBytes + 4 * q, as: SIMD4<UInt8>.self)
      var broadcast = SIMD64<UInt8>()
      for lane in 0..<16 { for k in 0..<4 { broadcast[4 * lane + k] = quad[k] } }
      let block = w + q * blockBytes
      let weights =
        blockBytes == 64 ? block.loadUnaligned(as: SIMD64<Int8>.self) : emulatedUnpackNibbles(block)
      acc = emulatedDPBUSD(acc, broadcast, weights)
    }
    UnsafeMutableRawPointer(c + r * ldc).storeBytes(of: acc, as: SIMD16<Int32>.self)
  }
}
