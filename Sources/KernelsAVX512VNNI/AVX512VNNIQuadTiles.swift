// The AVX512-VNNI integer micro-kernels: `vpdpbusd` on 512-bit registers. This target alone
// is compiled with -mavx512f -mavx512bw -mavx512vl -mavx512vnni; Kernels reaches it only
// through its dispatcher after cpuid. Entry points are `@inline(never)`.
//
// `vpdpbusd acc, a, w`: for each int32 lane i, acc[i] += sum_{k<4} u8(a[4i+k]) * s8(w[4i+k]),
// wrapping, no saturation and no int16 step, so it is exact. Activations arrive shifted to
// unsigned (`a + 128`); the accumulators start at the per-channel correction
// `-(zA + 128) * sum_p W[j, p]`, so the tile ends holding `sum_p (a - zA) * W[j, p]`.
//
// Layout (Kernels' `VNNIWeightPanels`): one block per depth quad of a 16-channel panel; byte
// `e` of an int8 block (64 bytes) is channel `e / 4`, depth `4q + e % 4`, exactly one zmm of
// `vpdpbusd` operands. An int4 block (32 bytes) holds int8-block element `e` in the low nibble
// of byte `e` and element `e + 32` in its high nibble.
#if arch(x86_64)
  internal import _Builtin_intrinsics.intel

  /// Six 16-lane int32 accumulators, started at the correction (16 int32 at `initial`).
  private struct VNNITile {
    var c0, c1, c2, c3, c4, c5: __m512i

    init(_ initial: UnsafeRawPointer) {
      let start = initial.loadUnaligned(as: __m512i.self)
      (c0, c1, c2, c3, c4, c5) = (start, start, start, start, start, start)
    }

    /// Adds one depth quad: `w` holds 16 channels x 4 signed bytes; `a` the 4 unsigned bytes
    /// of row 0, row `r` being `r * rowBytes` further.
    @inline(__always)
    mutating func add(_ a: UnsafeRawPointer, _ rowBytes: Int, _ w: __m512i) {
      @inline(__always) func row(_ r: Int) -> __m512i {
        _mm512_set1_epi32(a.load(fromByteOffset: r * rowBytes, as: Int32.self))
      }
      c0 = _mm512_dpbusd_epi32(c0, row(0), w)
      c1 = _mm512_dpbusd_epi32(c1, row(1), w)
      c2 = _mm512_dpbusd_epi32(c2, row(2), w)
      c3 = _mm512_dpbusd_epi32(c3, row(3), w)
      c4 = _mm512_dpbusd_epi32(c4, row(4), w)
      c5 = _mm512_dpbusd_epi32(c5, row(5), w)
    }

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

  /// 6 x 16 tile, int8 weights: `c[r, j] = initial[j] + sum_q sum_k a[r, 4q+k] * W[j, 4q+k]`.
  ///
  /// `a`: 6 rows of unsigned bytes, row `r` at byte `r * rowBytes`, quad `q` at byte `4q`;
  /// `w`: `depthQuads` blocks of 64 bytes; `initial`: 16 int32; `c`: 6 x 16 int32, stride `ldc`.
  @inline(never)
  public func avx512VNNIQuadTileInt8(
    _ a: UnsafeRawPointer, rowBytes: Int, _ w: UnsafeRawPointer, depthQuads: Int,
    initial: UnsafeRawPointer, _ c: UnsafeMutablePointer<Int32>, ldc: Int
  ) {
    var tile = VNNITile(initial)
    var ap = a
    var wp = w
    for _ in 0..<depthQuads {
      tile.add(ap, rowBytes, wp.loadUnaligned(as: __m512i.self))
      ap += 4
      wp += 64
    }
    tile.store(c, ldc)
  }

  /// 6 x 16 tile, int4 weights (32-byte blocks), nibbles sign-extended to bytes in registers:
  /// `((nibble ^ 8) - 8)`, then the same `vpdpbusd`.
  @inline(never)
  public func avx512VNNIQuadTileInt4(
    _ a: UnsafeRawPointer, rowBytes: Int, _ w: UnsafeRawPointer, depthQuads: Int,
    initial: UnsafeRawPointer, _ c: UnsafeMutablePointer<Int32>, ldc: Int
  ) {
    var tile = VNNITile(initial)
    let mask = _mm256_set1_epi8(0x0F)
    let eight = _mm256_set1_epi8(0x08)
    var ap = a
    var wp = w
    for _ in 0..<depthQuads {
      let bytes = wp.loadUnaligned(as: __m256i.self)
      let low = _mm256_sub_epi8(_mm256_xor_si256(_mm256_and_si256(bytes, mask), eight), eight)
      let highNibbles = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), mask)
      let high = _mm256_sub_epi8(_mm256_xor_si256(highNibbles, eight), eight)
      tile.add(ap, rowBytes, _mm512_mask_broadcast_i64x4(_mm512_castsi256_si512(low), 0xF0, high))
      ap += 4
      wp += 32
    }
    tile.store(c, ldc)
  }
#endif
