// The AVX2 integer GEMM micro-kernels (kernel path `avx2`): one 6 x 16 tile of int32 sums per
// call. The other paths' tiles are in IntegerMicroKernelPortable.swift and the per-instruction-set
// targets (KernelsAVX512, KernelsAVX512VNNI, KernelsAVXVNNI), chosen by `IntegerTile`.
//
// Why vpmaddwd: AVX2 has no VNNI. The usual int8 instruction, vpmaddubsw
// (u8 x s8 -> int16 pair sums), saturates when full-range values meet (255 * 127 * 2 > 32767),
// so it is not exact. Like ruy, we widen both operands to int16 and use vpmaddwd
// (`_mm256_madd_epi16`: int16 x int16 -> exact int32 pair sums). Activations arrive already
// widened, with their zero point subtracted (see `IntegerGEMMDriver.swift`), weights are widened
// (int8) or unpacked from nibbles (int4) in registers.
//
// The kernels are Swift calling clang's AVX2 intrinsics (imported from
// `_Builtin_intrinsics.intel`). Plain Swift SIMD arithmetic (widen to SIMD8<Int32>, multiply,
// add even and odd halves) does not lower to vpmaddwd and spills its accumulators: the same
// 6 x 16 tile measured 29.6 GOP/s that way against 116 GOP/s with intrinsics (256^3, one core,
// CPU time), which compile to the 12 accumulator registers a C kernel would use. So no C
// target is needed. Other architectures use the portable scalar tiles in
// IntegerMicroKernelPortable.swift.
#if arch(x86_64)
  internal import _Builtin_intrinsics.intel
#endif

#if arch(x86_64)
  /// Twelve 8-lane int32 accumulators: rows 0-5, channels 0-7 (`x0`) and 8-15 (`x1`).
  private struct AVX2Tile {
    var c00 = _mm256_setzero_si256(), c01 = _mm256_setzero_si256()
    var c10 = _mm256_setzero_si256(), c11 = _mm256_setzero_si256()
    var c20 = _mm256_setzero_si256(), c21 = _mm256_setzero_si256()
    var c30 = _mm256_setzero_si256(), c31 = _mm256_setzero_si256()
    var c40 = _mm256_setzero_si256(), c41 = _mm256_setzero_si256()
    var c50 = _mm256_setzero_si256(), c51 = _mm256_setzero_si256()

    /// All zero. Spelled out to be always inlined: in the drivers' large tile loops the
    /// implicit initializer stayed a call per tile.
    @inline(__always)
    init() {}

    /// Adds one depth pair: `w0`/`w1` are the int16 weight pairs of channels 0-7 / 8-15,
    /// `a` points at the pair of row 0, and the pair of row `r` is `r * rowBytes` further.
    @inline(__always)
    mutating func add(_ a: UnsafeRawPointer, _ rowBytes: Int, _ w0: __m256i, _ w1: __m256i) {
      @inline(__always) func row(_ r: Int) -> __m256i {
        _mm256_set1_epi32(a.load(fromByteOffset: r * rowBytes, as: Int32.self))
      }
      var x = row(0)
      c00 = _mm256_add_epi32(c00, _mm256_madd_epi16(x, w0))
      c01 = _mm256_add_epi32(c01, _mm256_madd_epi16(x, w1))
      x = row(1)
      c10 = _mm256_add_epi32(c10, _mm256_madd_epi16(x, w0))
      c11 = _mm256_add_epi32(c11, _mm256_madd_epi16(x, w1))
      x = row(2)
      c20 = _mm256_add_epi32(c20, _mm256_madd_epi16(x, w0))
      c21 = _mm256_add_epi32(c21, _mm256_madd_epi16(x, w1))
      x = row(3)
      c30 = _mm256_add_epi32(c30, _mm256_madd_epi16(x, w0))
      c31 = _mm256_add_epi32(c31, _mm256_madd_epi16(x, w1))
      x = row(4)
      c40 = _mm256_add_epi32(c40, _mm256_madd_epi16(x, w0))
      c41 = _mm256_add_epi32(c41, _mm256_madd_epi16(x, w1))
      x = row(5)
      c50 = _mm256_add_epi32(c50, _mm256_madd_epi16(x, w0))
      c51 = _mm256_add_epi32(c51, _mm256_madd_epi16(x, w1))
    }

    /// Stores the tile to `c` (6 rows of 16 int32, row stride `ldc`).
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

  /// How one packed block of a weight layout becomes the `vpmaddwd` operands of channels 0-7
  /// and 8-15: a generic parameter, so each layout's loops are specialised with no branch.
  protocol AVX2PairWeights {
    /// Bytes per block (one depth pair of 16 channels).
    static var blockBytes: Int { get }
    static func unpack(_ p: UnsafeRawPointer) -> (__m256i, __m256i)
  }

  /// Int8 blocks (32 bytes): each half sign-extended to int16.
  enum Int8PairWeights: AVX2PairWeights {
    static var blockBytes: Int { 32 }

    @inline(__always)
    static func unpack(_ p: UnsafeRawPointer) -> (__m256i, __m256i) {
      (
        _mm256_cvtepi8_epi16(p.loadUnaligned(as: __m128i.self)),
        _mm256_cvtepi8_epi16(p.loadUnaligned(fromByteOffset: 16, as: __m128i.self))
      )
    }
  }

  /// Int4 blocks (16 bytes): one load, unpacked in registers. Each int16 lane holds one
  /// sign-extended byte: high nibble in bits 4-7 (and the sign above), low nibble in bits 0-3.
  enum Int4PairWeights: AVX2PairWeights {
    static var blockBytes: Int { 16 }

    @inline(__always)
    static func unpack(_ p: UnsafeRawPointer) -> (__m256i, __m256i) {
      let bytes = _mm256_cvtepi8_epi16(p.loadUnaligned(as: __m128i.self))
      // Low nibbles: channels 0-7; high nibbles: channels 8-15.
      return (_mm256_srai_epi16(_mm256_slli_epi16(bytes, 12), 12), _mm256_srai_epi16(bytes, 4))
    }
  }

  /// 6 x 16 tile over `W`'s blocks at `w`: `c[r, j] = sum_q a-pair(q, r) . w-pair(q, j)`.
  /// Inlined into one plain function per layout (`int8TileKernel`, `int4TileKernel`): a
  /// specialised generic function would leave the tile's register helpers as calls.
  @inline(__always)
  private func avx2PairTile<W: AVX2PairWeights>(
    _: W.Type, _ a: PackedActivationTile, _ w: UnsafeRawPointer, depthPairs: Int,
    _ c: UnsafeMutablePointer<Int32>, ldc: Int
  ) {
    var tile = AVX2Tile()
    var ap = a.base
    let rowBytes = a.rowBytes
    var wp = w
    for _ in 0..<depthPairs {
      let (w0, w1) = W.unpack(wp)
      tile.add(ap, rowBytes, w0, w1)
      ap += 4
      wp += W.blockBytes
    }
    tile.store(c, ldc)
  }

  /// 6 x 16 tile, int8 weights (32-byte blocks). Always inlined, as the one-thread driver
  /// loop had it before the int8/int4 fold: the fold's larger drivers no longer inline it by
  /// themselves, and a call per tile is measurable on shallow GEMMs (`gemm-int` conv1, k = 9).
  @inline(__always)
  func int8TileKernel(
    _ a: PackedActivationTile, _ w: UnsafeRawPointer, depthPairs: Int,
    _ c: UnsafeMutablePointer<Int32>, ldc: Int
  ) {
    avx2PairTile(Int8PairWeights.self, a, w, depthPairs: depthPairs, c, ldc: ldc)
  }

  /// 6 x 16 tile, int4 weights (16-byte blocks, unpacked in registers); inlined as the int8 one.
  @inline(__always)
  func int4TileKernel(
    _ a: PackedActivationTile, _ w: UnsafeRawPointer, depthPairs: Int,
    _ c: UnsafeMutablePointer<Int32>, ldc: Int
  ) {
    avx2PairTile(Int4PairWeights.self, a, w, depthPairs: depthPairs, c, ldc: ldc)
  }
#endif
