// The portable integer GEMM tiles, in scalar Swift over the int16-pair layouts: the
// `reference` kernel path on x86-64, and the only path on other architectures. The same exact
// sums as the AVX2 tiles of IntegerMicroKernelAVX2.swift.

/// 6 x 16 tile over the int16-pair layouts (as the AVX2 tile): `c[r, j] = sum_q a-pair(r, q) .
/// w-pair(j, q)`, where `weight(q, e)` is int8-layout element `e` (channel `e / 2`, depth
/// `2q + e % 2`) of depth pair `q`.
@inline(__always)
func portablePairTile(
  _ a: PackedActivationTile, depthPairs: Int, _ c: UnsafeMutablePointer<Int32>, ldc: Int,
  weight: (Int, Int) -> Int32
) {
  let rows = a.base.assumingMemoryBound(to: Int16.self)
  let rowStride = a.rowBytes / 2
  for r in 0..<IntegerGEMMLayout.tileRows {
    for j in 0..<IntegerGEMMLayout.panelWidth {
      var sum: Int32 = 0
      for q in 0..<depthPairs {
        let a0 = Int32(rows[r * rowStride + 2 * q])
        let a1 = Int32(rows[r * rowStride + 2 * q + 1])
        sum &+= a0 &* weight(q, 2 * j) &+ a1 &* weight(q, 2 * j + 1)
      }
      c[r * ldc + j] = sum
    }
  }
}

/// The portable tile over int8 blocks (32 bytes) or, when `int4`, nibble blocks (16 bytes).
/// Never inlined: inside the driver's per-tile closure it would make every tile, AVX2 ones
/// included, save and restore the registers of its loops.
@inline(never)
func portablePairTile(
  _ a: PackedActivationTile, _ w: UnsafeRawPointer, int4: Bool, depthPairs: Int,
  _ c: UnsafeMutablePointer<Int32>, ldc: Int
) {
  let bytes = w.assumingMemoryBound(to: UInt8.self)
  guard int4 else {
    portablePairTile(a, depthPairs: depthPairs, c, ldc: ldc) { q, e in
      Int32(Int8(bitPattern: bytes[q * 32 + e]))
    }
    return
  }
  portablePairTile(a, depthPairs: depthPairs, c, ldc: ldc) { q, e in
    let byte = bytes[q * 16 + e % 16]
    let nibble = e < 16 ? byte & 0x0F : byte >> 4
    return Int32(Int8(bitPattern: nibble << 4) >> 4)
  }
}
