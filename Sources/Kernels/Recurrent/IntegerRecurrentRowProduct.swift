// The recurrent product `h·Uᵀ` of a few rows (fewer than a 6-row GEMM tile: batch 1, or the
// last long sequences of a batch) straight from the packed weights, one row at a time, two
// 16-channel panels per pass (four 8-lane accumulators), AVX2 `vpmaddwd` as in
// IntegerMicroKernelAVX2.swift. The 6 x 16 tile of `integerGEMM` would multiply five zero
// rows for every real one at batch 1. Integer sums are exact: same bits as `integerGEMM`.
#if arch(x86_64)
  internal import _Builtin_intrinsics.intel
#endif

extension PackedIntegerWeights {
  /// Whether `rowProduct` runs on `kernels` (any AVX2 path; the reference keeps the GEMM).
  static func hasRowProduct(_ kernels: KernelPath) -> Bool {
    #if arch(x86_64)
      switch kernels {
      case .reference: return false
      case .avx2, .avx512, .avx512VNNI, .avxVNNI: return true
      }
    #else
      return false
    #endif
  }

  /// `C[i, j] = Σ_p a[i, p]·W[j, p]` for `m` rows of int16 `a` (row stride `lda`, each row
  /// `2·depthPairs` values with the odd tail 0), `C` `m x n` int32 (stride `ldc`).
  /// Only on paths where `hasRowProduct` holds (AVX2).
  func rowProduct(
    m: Int, a: UnsafePointer<Int16>, lda: Int, c: UnsafeMutablePointer<Int32>, ldc: Int
  ) {
    #if arch(x86_64)
      storage.withUnsafeBufferPointer { s in
        let w = UnsafeRawPointer(s.baseAddress!)
        for i in 0..<m {
          if bits == 4 {
            rowProductAVX2(Int4PairWeights.self, a + i * lda, w, self, c + i * ldc)
          } else {
            rowProductAVX2(Int8PairWeights.self, a + i * lda, w, self, c + i * ldc)
          }
        }
      }
    #endif
  }
}

#if arch(x86_64)
  /// One row: every panel pair, then a last single panel; partial panels through a scratch.
  @inline(__always)
  private func rowProductAVX2<W: AVX2PairWeights>(
    _: W.Type, _ a: UnsafePointer<Int16>, _ w: UnsafeRawPointer, _ shape: PackedIntegerWeights,
    _ c: UnsafeMutablePointer<Int32>
  ) {
    let (n, pairs, panels) = (shape.outputChannels, shape.depthPairs, shape.panelCount)
    let blockBytes = W.blockBytes
    let pa = UnsafeRawPointer(a)
    let panelBytes = pairs * blockBytes
    var scratch = (
      _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
      _mm256_setzero_si256()
    )
    var p = 0
    while p < panels {
      let two = p + 1 < panels
      var c0 = _mm256_setzero_si256()
      var c1 = _mm256_setzero_si256()
      var c2 = _mm256_setzero_si256()
      var c3 = _mm256_setzero_si256()
      let w0 = w + p * panelBytes
      if two {
        let w1 = w0 + panelBytes
        for q in 0..<pairs {
          let x = _mm256_set1_epi32(pa.load(fromByteOffset: 4 * q, as: Int32.self))
          let (a0, a1) = W.unpack(w0 + q * blockBytes)
          let (b0, b1) = W.unpack(w1 + q * blockBytes)
          c0 = _mm256_add_epi32(c0, _mm256_madd_epi16(x, a0))
          c1 = _mm256_add_epi32(c1, _mm256_madd_epi16(x, a1))
          c2 = _mm256_add_epi32(c2, _mm256_madd_epi16(x, b0))
          c3 = _mm256_add_epi32(c3, _mm256_madd_epi16(x, b1))
        }
      } else {
        for q in 0..<pairs {
          let x = _mm256_set1_epi32(pa.load(fromByteOffset: 4 * q, as: Int32.self))
          let (a0, a1) = W.unpack(w0 + q * blockBytes)
          c0 = _mm256_add_epi32(c0, _mm256_madd_epi16(x, a0))
          c1 = _mm256_add_epi32(c1, _mm256_madd_epi16(x, a1))
        }
      }
      let columns = Swift.min(n - 16 * p, two ? 32 : 16)
      if columns == 32 || (columns == 16 && !two) {
        let out = UnsafeMutableRawPointer(c + 16 * p)
        out.storeBytes(of: c0, toByteOffset: 0, as: __m256i.self)
        out.storeBytes(of: c1, toByteOffset: 32, as: __m256i.self)
        if two {
          out.storeBytes(of: c2, toByteOffset: 64, as: __m256i.self)
          out.storeBytes(of: c3, toByteOffset: 96, as: __m256i.self)
        }
      } else {
        scratch = (c0, c1, c2, c3)
        withUnsafeBytes(of: &scratch) { raw in
          (c + 16 * p).update(
            from: raw.baseAddress!.assumingMemoryBound(to: Int32.self), count: columns)
        }
      }
      p += two ? 2 : 1
    }
  }
#endif

extension PackedIntegerWeights {
  /// Whether `product` runs on `kernels` (the int16-pair tiles of `avx2` and `avx512`; the VNNI
  /// and reference paths keep `multiply`, the GEMM driver).
  static func hasPairProduct(_ kernels: KernelPath) -> Bool {
    switch kernels {
    case .avx2, .avx512: return hasRowProduct(kernels)
    case .reference, .avx512VNNI, .avxVNNI: return false
    }
  }

  /// `C = A·Wᵀ` for `m` rows of int16 `a` (stride `lda`, rows as for `rowProduct`), without
  /// the GEMM driver's per-call packing and buffers: whole 6-row tiles of `a` go straight to
  /// `tile`'s micro-kernel (blocks of 16 tiles, every panel per block; a partial last panel
  /// through `scratch`, 96 int32), the remaining `m % 6` rows to `rowProduct`. Same bits.
  func product(
    m: Int, a: UnsafePointer<Int16>, lda: Int, c: UnsafeMutablePointer<Int32>, ldc: Int,
    tile: IntegerTile, scratch: UnsafeMutablePointer<Int32>
  ) {
    let rowsPerTile = IntegerGEMMLayout.tileRows
    let tiles = m / rowsPerTile
    let (n, pairs, panels) = (outputChannels, depthPairs, panelCount)
    let (panelBytes, int4) = (pairs * blockBytes, bits == 4)
    storage.withUnsafeBufferPointer { packed in
      let weights = UnsafeRawPointer(packed.baseAddress!)
      var first = 0
      while first < tiles {
        let end = Swift.min(tiles, first + 16)
        for panel in 0..<panels {
          let columns = Swift.min(16, n - 16 * panel)
          for t in first..<end {
            let rows = PackedActivationTile(
              base: UnsafeRawPointer(a + t * rowsPerTile * lda), rowBytes: 2 * lda)
            let full = columns == 16
            let out = full ? c + t * rowsPerTile * ldc + 16 * panel : scratch
            let ldOut = full ? ldc : 16
            let w = weights + panel * panelBytes
            tile.pairs(rows, w, int4: int4, depthPairs: pairs, out, ldc: ldOut)
            if !full {
              for r in 0..<rowsPerTile {
                (c + (t * rowsPerTile + r) * ldc + 16 * panel).update(
                  from: scratch + 16 * r, count: columns)
              }
            }
          }
        }
        first = end
      }
    }
    let done = tiles * rowsPerTile
    if done < m {
      rowProduct(m: m - done, a: a + done * lda, lda: lda, c: c + done * ldc, ldc: ldc)
    }
  }
}
