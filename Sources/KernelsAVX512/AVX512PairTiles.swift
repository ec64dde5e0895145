// The AVX-512 (F + BW) integer micro-kernels: the AVX2 kernels' int16-pair method on 512-bit
// registers. This target alone is compiled with -mavx512f -mavx512bw -mavx512vl; Kernels
// reaches it only through its dispatcher, after cpuid said the CPU and the OS support it.
// Every entry point is `@inline(never)`, so no AVX-512 instruction is inlined into code that
// runs before that check.
//
// Layout (Kernels' `PackedIntegerWeights`, bits 8 and 4): one block per depth pair of a
// 16-channel panel; byte `e` of an int8 block is channel `e / 2`, depth `2q + e % 2`. One
// `vpmaddwd` on a zmm multiplies the int16 pair of an activation row by all 16 channels'
// pairs and adds each pair into one int32 lane: exact (|a - zA| <= 255, |w| <= 128).
#if arch(x86_64)
  internal import _Builtin_intrinsics.intel

  /// Six 16-lane int32 accumulators: row `r` of the tile, channels 0-15.
  private struct ZMMTile {
    var c0 = _mm512_setzero_si512(), c1 = _mm512_setzero_si512()
    var c2 = _mm512_setzero_si512(), c3 = _mm512_setzero_si512()
    var c4 = _mm512_setzero_si512(), c5 = _mm512_setzero_si512()

    /// Adds one depth pair: `w` holds the 16 channels' int16 pairs, `a` the pair of row 0,
    /// the pair of row `r` being `r * rowBytes` further.
    @inline(__always)
    mutating func add(_ a: UnsafeRawPointer, _ rowBytes: Int, _ w: __m512i) {
      @inline(__always) func row(_ r: Int) -> __m512i {
        _mm512_set1_epi32(a.load(fromByteOffset: r * rowBytes, as: Int32.self))
      }
      c0 = _mm512_add_epi32(c0, _mm512_madd_epi16(row(0), w))
      c1 = _mm512_add_epi32(c1, _mm512_madd_epi16(row(1), w))
      c2 = _mm512_add_epi32(c2, _mm512_madd_epi16(row(2), w))
      c3 = _mm512_add_epi32(c3, _mm512_madd_epi16(row(3), w))
      c4 = _mm512_add_epi32(c4, _mm512_madd_epi16(row(4), w))
      c5 = _mm512_add_epi32(c5, _mm512_madd_epi16(row(5), w))
    }

    /// Stores the tile: 6 rows of 16 int32 at `c`, row stride `ldc` elements.
    @inline(__always)
    func store(_ c: UnsafeMutablePointer<Int32>, _ ldc: Int) {
      let out = UnsafeMutableRawPointer(c)
      let stride = ldc * 4
      out.storeBytes(of: c0, toByteOffset: 0, as: __m512i.self)
      out.storeBytes(of: c1, toByteOffset: stride, as: __m512i.self)
      out.storeBytes(of: c2, toByteOffset: 2 * stride, as: __m512i.self)
      out.storeBytes(of: c3, toByteOffset: 3 * stride, as: __m512i.self)
      out.storeBytes(of: c4, toByteOffset: 4 * stride, as: __m512i.self)
      out.storeBytes(of: c5, toByteOffset: 5 * stride, as: __m512i.self)
    }
  }

  /// 6 x 16 tile, int8 weights: `c[r, j] = sum_q a-pair(r, q) . w-pair(j, q)`.
  ///
  /// `a`: 6 rows of int16 `a - zA`, row `r` at byte `r * rowBytes`, pair `q` at byte `4q`;
  /// `w`: `depthPairs` blocks of 32 bytes; `c`: 6 x 16 int32, row stride `ldc`, overwritten.
  @inline(never)
  public func avx512PairTileInt8(
    _ a: UnsafeRawPointer, rowBytes: Int, _ w: UnsafeRawPointer, depthPairs: Int,
    _ c: UnsafeMutablePointer<Int32>, ldc: Int
  ) {
    var tile = ZMMTile()
    var ap = a
    var wp = w
    for _ in 0..<depthPairs {
      tile.add(ap, rowBytes, _mm512_cvtepi8_epi16(wp.loadUnaligned(as: __m256i.self)))
      ap += 4
      wp += 32
    }
    tile.store(c, ldc)
  }

  /// 6 x 16 tile, int4 weights: blocks of 16 bytes, byte `j` holding int8-layout element `j`
  /// in its low nibble (channels 0-7) and element `j + 16` in its high nibble (channels 8-15).
  @inline(never)
  public func avx512PairTileInt4(
    _ a: UnsafeRawPointer, rowBytes: Int, _ w: UnsafeRawPointer, depthPairs: Int,
    _ c: UnsafeMutablePointer<Int32>, ldc: Int
  ) {
    var tile = ZMMTile()
    var ap = a
    var wp = w
    for _ in 0..<depthPairs {
      let bytes = _mm256_cvtepi8_epi16(wp.loadUnaligned(as: __m128i.self))
      let low = _mm256_srai_epi16(_mm256_slli_epi16(bytes, 12), 12)  // channels 0-7
      let high = _mm256_srai_epi16(bytes, 4)  // channels 8-15
      tile.add(ap, rowBytes, _mm512_mask_broadcast_i64x4(_mm512_castsi256_si512(low), 0xF0, high))
      ap += 4
      wp += 16
    }
    tile.store(c, ldc)
  }
#endif
