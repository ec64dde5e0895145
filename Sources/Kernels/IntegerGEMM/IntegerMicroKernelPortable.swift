// The integer GEMM tile kernels for architectures without the AVX2 kernels of
// IntegerMicroKernelAVX2.swift: scalar int32 arithmetic, the same exact sums.

#if !arch(x86_64)
  /// 6 x 16 tile, int8 weights (portable: scalar int32 arithmetic, same results).
  func int8TileKernel(
    _ a: PackedActivationTile, _ w: UnsafePointer<Int8>, depthPairs: Int,
    _ c: UnsafeMutablePointer<Int32>, ldc: Int
  ) {
    portableTile(a, depthPairs: depthPairs, c, ldc: ldc) { q, e in Int32(w[q * 32 + e]) }
  }

  /// 6 x 16 tile, int4 weights (portable).
  func int4TileKernel(
    _ a: PackedActivationTile, _ w: UnsafePointer<UInt8>, depthPairs: Int,
    _ c: UnsafeMutablePointer<Int32>, ldc: Int
  ) {
    portableTile(a, depthPairs: depthPairs, c, ldc: ldc) { q, e in
      let byte = w[q * 16 + e % 16]
      let nibble = e < 16 ? byte & 0x0F : byte >> 4
      return Int32(Int8(bitPattern: nibble << 4) >> 4)
    }
  }

  /// The tile in scalar code; `weight(q, e)` is int8-layout element `e` of depth pair `q`.
  @inline(__always)
  private func portableTile(
    _ a: PackedActivationTile, depthPairs: Int, _ c: UnsafeMutablePointer<Int32>, ldc: Int,
    weight: (Int, Int) -> Int32
  ) {
    for r in 0..<IntegerGEMMLayout.tileRows {
      for j in 0..<IntegerGEMMLayout.panelWidth {
        var sum: Int32 = 0
        for q in 0..<depthPairs {
          let a0 = Int32(a.base[r * a.rowStride + 2 * q])
          let a1 = Int32(a.base[r * a.rowStride + 2 * q + 1])
          sum &+= a0 &* weight(q, 2 * j) &+ a1 &* weight(q, 2 * j + 1)
        }
        c[r * ldc + j] = sum
      }
    }
  }
#endif
