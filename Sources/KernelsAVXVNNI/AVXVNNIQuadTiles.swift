// The AVX-VNNI integer micro-kernels: the 256-bit VEX form of `vpdpbusd` (Alder Lake and
// newer Intel, Zen 5). This target alone is compiled with -mavx2 -mfma -mavxvnni; Kernels
// reaches it only through its dispatcher after cpuid. Entry points are `@inline(never)`.
//
// Same method and weight layout as the AVX512-VNNI kernels (see KernelsAVX512VNNI): unsigned
// activations `a + 128`, accumulators started at `-(zA + 128) * sum_p W[j, p]`, one 64-byte
// int8 block per depth quad of a 16-channel panel; here its first 32 bytes are channels 0-7
// and its last 32 bytes channels 8-15, one ymm each.
#if arch(x86_64)
  internal import _Builtin_intrinsics.intel

  /// Twelve 8-lane int32 accumulators: rows 0-5, channels 0-7 (`x0`) and 8-15 (`x1`).
  private struct YMMVNNITile {
    var c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51: __m256i

    init(_ initial: UnsafeRawPointer) {
      let s0 = initial.loadUnaligned(as: __m256i.self)
      let s1 = initial.loadUnaligned(fromByteOffset: 32, as: __m256i.self)
      (c00, c10, c20, c30, c40, c50) = (s0, s0, s0, s0, s0, s0)
      (c01, c11, c21, c31, c41, c51) = (s1, s1, s1, s1, s1, s1)
    }

    @inline(__always)
    mutating func add(_ a: UnsafeRawPointer, _ rowBytes: Int, _ w0: __m256i, _ w1: __m256i) {
      @inline(__always) func row(_ r: Int) -> __m256i {
        _mm256_set1_epi32(a.load(fromByteOffset: r * rowBytes, as: Int32.self))
      }
      var x = row(0)
      c00 = _mm256_dpbusd_avx_epi32(c00, x, w0)
      c01 = _mm256_dpbusd_avx_epi32(c01, x, w1)
      x = row(1)
      c10 = _mm256_dpbusd_avx_epi32(c10, x, w0)
      c11 = _mm256_dpbusd_avx_epi32(c11, x, w1)
      x = row(2)
      c20 = _mm256_dpbusd_avx_epi32(c20, x, w0)
      c21 = _mm256_dpbusd_avx_epi32(c21, x, w1)
      x = row(3)
      c30 = _mm256_dpbusd_avx_epi32(c30, x, w0)
      c31 = _mm256_dpbusd_avx_epi32(c31, x, w1)
      x = row(4)
      c40 = _mm256_dpbusd_avx_epi32(c40, x, w0)
      c41 = _mm256_dpbusd_avx_epi32(c41, x, w1)
      x = row(5)
      c50 = _mm256_dpbusd_avx_epi32(c50, x, w0)
      c51 = _mm256_dpbusd_avx_epi32(c51, x, w1)
    }

    @inline(__always)
    func store(_ c: UnsafeMutablePointer<Int32>, _ ldc: Int) {
      let out = UnsafeMutableRawPointer(c)
      let stride = ldc * 4
      out.storeBytes(of: c00, toByteOffset: 0, as: __m256i.self)
      out.storeBytes(of: c01, toByteOffset: 32, as: __m256i.self)
      out.storeBytes(of: c10, toByteOffset: stride, as: __m256i.self)
      out.storeBytes(of: c11, toByteOffset: stride + 32, as: __m256i.self)
      out.storeBytes(of: c20, toByteOffset: 2 * stride, as: __m256i.self)
      out.storeBytes(of: c21, toByteOffset: 2 * stride + 32, as: __m256i.self)
      out.storeBytes(of: c30, toByteOffset: 3 * stride, as: __m256i.self)
      out.storeBytes(of: c31, toByteOffset: 3 * stride + 32, as: __m256i.self)
      out.storeBytes(of: c40, toByteOffset: 4 * stride, as: __m256i.self)
      out.storeBytes(of: c41, toByteOffset: 4 * stride + 32, as: __m256i.self)
      out.storeBytes(of: c50, toByteOffset: 5 * stride, as: __m256i.self)
      out.storeBytes(of: c51, toByteOffset: 5 * stride + 32, as: __m256i.self)
    }
  }

  /// 6 x 16 tile, int8 weights (64-byte blocks): `c[r, j] = initial[j] + sum a[r, p] * W[j, p]`
  /// over the tile's depth quads. Arguments as `avx512VNNIQuadTileInt8`.
  @inline(never)
  public func avxVNNIQuadTileInt8(
    _ a: UnsafeRawPointer, rowBytes: Int, _ w: UnsafeRawPointer, depthQuads: Int,
    initial: UnsafeRawPointer, _ c: UnsafeMutablePointer<Int32>, ldc: Int
  ) {
    var tile = YMMVNNITile(initial)
    var ap = a
    var wp = w
    for _ in 0..<depthQuads {
      let w0 = wp.loadUnaligned(as: __m256i.self)
      let w1 = wp.loadUnaligned(fromByteOffset: 32, as: __m256i.self)
      tile.add(ap, rowBytes, w0, w1)
      ap += 4
      wp += 64
    }
    tile.store(c, ldc)
  }

  /// 6 x 16 tile, int4 weights (32-byte blocks): low nibbles are channels 0-7, high nibbles
  /// channels 8-15, each sign-extended to a byte in registers (`(nibble ^ 8) - 8`).
  @inline(never)
  public func avxVNNIQuadTileInt4(
    _ a: UnsafeRawPointer, rowBytes: Int, _ w: UnsafeRawPointer, depthQuads: Int,
    initial: UnsafeRawPointer, _ c: UnsafeMutablePointer<Int32>, ldc: Int
  ) {
    var tile = YMMVNNITile(initial)
    let mask = _mm256_set1_epi8(0x0F)
    let eight = _mm256_set1_epi8(0x08)
    var ap = a
    var wp = w
    for _ in 0..<depthQuads {
      let bytes = wp.loadUnaligned(as: __m256i.self)
      let low = _mm256_sub_epi8(_mm256_xor_si256(_mm256_and_si256(bytes, mask), eight), eight)
      let highNibbles = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), mask)
      let high = _mm256_sub_epi8(_mm256_xor_si256(highNibbles, eight), eight)
      tile.add(ap, rowBytes, low, high)
      ap += 4
      wp += 32
    }
    tile.store(c, ldc)
  }
#endif
