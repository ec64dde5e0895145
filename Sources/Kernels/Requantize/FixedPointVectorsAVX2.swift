// The gemmlowp fixed-point functions on eight int32 lanes (AVX2), bit for bit the scalar ones
// of FixedPointMultiplier.swift: the requantization (RequantizeVectorsAVX2.swift) and the
// recurrent gates (IntegerGatesAVX2.swift) are written with them.
//
// SaturatingRoundingDoublingHighMul with a multiplier m >= 0 and any int32 x is
// floor((x * m + 2^30) / 2^31): gemmlowp's nudge 1 - 2^30 plus truncation toward zero for
// negative products adds up to the same 2^30 and a floor. `vpmuldq` gives the 64-bit products
// of the even lanes; the odd lanes are shifted down and multiplied the same way. The low 32
// bits of a logical shift by 31 equal those of the arithmetic one, which AVX2 lacks.
#if arch(x86_64)
  internal import _Builtin_intrinsics.intel

  enum FixedPointVectors {
    /// Loads 8 int32.
    @inline(__always)
    static func load(_ p: UnsafePointer<Int32>) -> __m256i {
      UnsafeRawPointer(p).loadUnaligned(as: __m256i.self)
    }

    /// Stores 8 int32.
    @inline(__always)
    static func store(_ v: __m256i, _ p: UnsafeMutablePointer<Int32>) {
      UnsafeMutableRawPointer(p).storeBytes(of: v, as: __m256i.self)
    }

    @inline(__always)
    static func splat(_ x: Int32) -> __m256i { _mm256_set1_epi32(x) }

    /// `Int32(clamping: Int64(a) + Int64(b))` per lane.
    @inline(__always)
    static func saturatingAdd(_ a: __m256i, _ b: __m256i) -> __m256i {
      let sum = _mm256_add_epi32(a, b)
      let overflow = _mm256_and_si256(_mm256_xor_si256(a, sum), _mm256_xor_si256(b, sum))
      let saturated = _mm256_xor_si256(_mm256_srai_epi32(a, 31), splat(.max))
      return _mm256_blendv_epi8(sum, saturated, _mm256_srai_epi32(overflow, 31))
    }

    /// `min(max(v, low), high)` per lane.
    @inline(__always)
    static func clamp(_ v: __m256i, _ low: Int32, _ high: Int32) -> __m256i {
      _mm256_min_epi32(_mm256_max_epi32(v, splat(low)), splat(high))
    }

    /// `saturatingRoundingDoublingHighMul(x, m)` for `m >= 0`: floor((x·m + 2^30) / 2^31).
    @inline(__always)
    static func highMul(_ x: __m256i, _ m: __m256i) -> __m256i {
      let nudge = _mm256_set1_epi64x(1 << 30)
      let even = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epi32(x, m), nudge), 31)
      let oddProduct = _mm256_mul_epi32(_mm256_srli_epi64(x, 32), _mm256_srli_epi64(m, 32))
      let odd = _mm256_slli_epi64(_mm256_srli_epi64(_mm256_add_epi64(oddProduct, nudge), 31), 32)
      return _mm256_or_si256(_mm256_and_si256(even, _mm256_set1_epi64x(0xFFFF_FFFF)), odd)
    }

    /// `roundingDivideByPOT(x, e)` per lane, `e` in 0...31 per lane.
    @inline(__always)
    static func divideByPOT(_ x: __m256i, _ e: __m256i) -> __m256i {
      let mask = _mm256_sub_epi32(_mm256_sllv_epi32(splat(1), e), splat(1))
      let remainder = _mm256_and_si256(x, mask)
      let threshold = _mm256_sub_epi32(_mm256_srli_epi32(mask, 1), _mm256_srai_epi32(x, 31))
      return _mm256_sub_epi32(_mm256_srav_epi32(x, e), _mm256_cmpgt_epi32(remainder, threshold))
    }

    /// `multiplyByQuantizedMultiplier(x, m, shift)` with `left = max(0, -shift)` and
    /// `right = max(0, shift)` per lane.
    @inline(__always)
    static func multiply(_ x: __m256i, _ m: __m256i, left: __m256i, right: __m256i) -> __m256i {
      divideByPOT(highMul(saturatingShiftLeft(x, left), m), right)
    }

    /// `x << left` per lane, saturated to the int32 range: if shifting back does not restore
    /// x, it overflowed.
    @inline(__always)
    static func saturatingShiftLeft(_ x: __m256i, _ left: __m256i) -> __m256i {
      let shifted = _mm256_sllv_epi32(x, left)
      let kept = _mm256_cmpeq_epi32(_mm256_srav_epi32(shifted, left), x)
      let saturated = _mm256_xor_si256(_mm256_srai_epi32(x, 31), splat(.max))
      return _mm256_blendv_epi8(saturated, shifted, kept)
    }

    /// 8 int8 codes sign-extended to int32.
    @inline(__always)
    static func loadBytes(_ p: UnsafePointer<Int8>) -> __m256i {
      let bytes = UnsafeRawPointer(p).loadUnaligned(as: Int64.self)
      return _mm256_cvtepi8_epi32(_mm_set_epi64x(0, bytes))
    }

    /// Stores 8 lanes already in the int8 range as bytes.
    @inline(__always)
    static func storeBytes(_ v: __m256i, _ p: UnsafeMutablePointer<Int8>) {
      let words = _mm256_packs_epi32(v, v)
      let bytes = _mm256_packs_epi16(words, words)
      let gathered = _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 0, 0, 0, 0, 0, 0))
      UnsafeMutableRawPointer(p).storeBytes(
        of: _mm_cvtsi128_si64(_mm256_castsi256_si128(gathered)), as: Int64.self)
    }

    /// 8 int16 sign-extended to int32.
    @inline(__always)
    static func loadHalves(_ p: UnsafePointer<Int16>) -> __m256i {
      _mm256_cvtepi16_epi32(UnsafeRawPointer(p).loadUnaligned(as: __m128i.self))
    }

    /// Stores 8 lanes already in the int16 range as int16.
    @inline(__always)
    static func storeHalves(_ v: __m256i, _ p: UnsafeMutablePointer<Int16>) {
      let packed = _mm256_permutevar8x32_epi32(
        _mm256_packs_epi32(v, v), _mm256_setr_epi32(0, 1, 4, 5, 0, 0, 0, 0))
      UnsafeMutableRawPointer(p).storeBytes(
        of: _mm256_castsi256_si128(packed), as: __m128i.self)
    }
  }
#endif
