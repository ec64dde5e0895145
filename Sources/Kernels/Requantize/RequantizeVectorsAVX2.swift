// The SIMD form of `RequantizationStage.apply`, eight channels per AVX2 register, in 32-bit
// lanes (a 64-bit form is slow on AVX2: no 64-bit multiply or arithmetic shift).
//
// SaturatingRoundingDoublingHighMul with a multiplier m >= 0 and any int32 x is
// floor((x * m + 2^30) / 2^31): gemmlowp's nudge 1 - 2^30 plus truncation toward zero for
// negative products adds up to the same 2^30 and a floor. `vpmuldq` gives the 64-bit products
// of the even lanes; the odd lanes are shifted down and multiplied the same way. The low 32
// bits of a logical shift by 31 equal those of the arithmetic one, which AVX2 lacks.
#if arch(x86_64)
  internal import _Builtin_intrinsics.intel

  /// The constants of one group of 8 channels.
  struct RequantizeGroup {
    var bias: __m256i
    var multiplier: __m256i
    var left: __m256i
    var right: __m256i
  }

  /// Per-channel constants of a stage as 8-lane vectors, for channel groups `8g ..< 8g + 8`.
  struct RequantizeVectors {
    let groups: [RequantizeGroup]
    private let zeroPoint: __m256i
    private let low: __m256i
    private let high: __m256i
    /// Whether `acc + bias` can overflow int32 (else a plain add is exact).
    private let saturateBias: Bool
    /// Whether any channel shifts left (multiplier >= 1).
    private let shiftsLeft: Bool

    /// Groups of 8 channels `0 ..< groups * 8`; `accumulatorBound` bounds |acc| when known.
    init(
      _ stage: RequantizationStage, bias biasPointer: UnsafePointer<Int32>?, groups count: Int,
      accumulatorBound: Int64
    ) {
      zeroPoint = _mm256_set1_epi32(stage.outputZeroPoint)
      low = _mm256_set1_epi32(Int32(stage.outputMin))
      high = _mm256_set1_epi32(Int32(stage.outputMax))
      func lanes(_ group: Int, _ value: (Int) -> Int32) -> __m256i {
        let j = group * 8
        return _mm256_setr_epi32(
          value(j), value(j + 1), value(j + 2), value(j + 3),
          value(j + 4), value(j + 5), value(j + 6), value(j + 7))
      }
      groups = (0..<count).map { g in
        RequantizeGroup(
          bias: lanes(g) { biasPointer?[$0] ?? 0 },
          multiplier: lanes(g) { stage.multipliers[$0] },
          left: lanes(g) { Int32(max(0, -stage.shifts[$0])) },
          right: lanes(g) { Int32(max(0, stage.shifts[$0])) })
      }
      var largestBias: Int64 = 0
      if let biasPointer {
        for j in 0..<stage.channels { largestBias = max(largestBias, abs(Int64(biasPointer[j]))) }
      }
      saturateBias = accumulatorBound + largestBias > Int64(Int32.max)
      shiftsLeft = stage.shifts.contains { $0 < 0 }
    }

    /// Requantizes 8 int32 accumulators of one channel group; lanes end in [outputMin, outputMax].
    @inline(__always)
    func apply(_ accumulator: __m256i, _ c: RequantizeGroup) -> __m256i {
      let intMax = _mm256_set1_epi32(.max)
      var x = _mm256_add_epi32(accumulator, c.bias)
      if saturateBias {
        // On overflow (both operands' signs differ from the sum's) take Int32.max or Int32.min
        // by the sign of acc.
        let overflow = _mm256_and_si256(
          _mm256_xor_si256(accumulator, x), _mm256_xor_si256(c.bias, x))
        let saturated = _mm256_xor_si256(_mm256_srai_epi32(accumulator, 31), intMax)
        x = _mm256_blendv_epi8(x, saturated, _mm256_srai_epi32(overflow, 31))
      }
      if shiftsLeft {
        // Saturating left shift: if shifting back does not restore x, it overflowed.
        let shifted = _mm256_sllv_epi32(x, c.left)
        let kept = _mm256_cmpeq_epi32(_mm256_srav_epi32(shifted, c.left), x)
        let clampedShift = _mm256_xor_si256(_mm256_srai_epi32(x, 31), intMax)
        x = _mm256_blendv_epi8(clampedShift, shifted, kept)
      }
      // High multiply: floor((x * m + 2^30) / 2^31), even and odd lanes.
      let nudge = _mm256_set1_epi64x(1 << 30)
      let m = c.multiplier
      let even = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epi32(x, m), nudge), 31)
      let oddProduct = _mm256_mul_epi32(_mm256_srli_epi64(x, 32), _mm256_srli_epi64(m, 32))
      let odd = _mm256_slli_epi64(_mm256_srli_epi64(_mm256_add_epi64(oddProduct, nudge), 31), 32)
      var y = _mm256_or_si256(_mm256_and_si256(even, _mm256_set1_epi64x(0xFFFF_FFFF)), odd)
      // RoundingDivideByPOT by `right`: add 1 when the remainder exceeds the threshold.
      let e = c.right
      let mask = _mm256_sub_epi32(_mm256_sllv_epi32(_mm256_set1_epi32(1), e), _mm256_set1_epi32(1))
      let remainder = _mm256_and_si256(y, mask)
      let threshold = _mm256_sub_epi32(_mm256_srli_epi32(mask, 1), _mm256_srai_epi32(y, 31))
      y = _mm256_sub_epi32(_mm256_srav_epi32(y, e), _mm256_cmpgt_epi32(remainder, threshold))
      // Zero point and clamp; clamping to +-2^16 first keeps the addition from wrapping.
      y = _mm256_min_epi32(_mm256_max_epi32(y, _mm256_set1_epi32(-65536)), _mm256_set1_epi32(65536))
      y = _mm256_add_epi32(y, zeroPoint)
      return _mm256_min_epi32(_mm256_max_epi32(y, low), high)
    }

    /// Stores the 8 lanes of `v` (each already in the int8 range) as 8 bytes at `out`.
    @inline(__always)
    static func storeBytes(_ v: __m256i, _ out: UnsafeMutablePointer<Int8>) {
      let words = _mm256_packs_epi32(v, v)  // per 128-bit half: v0-3 twice, v4-7 twice
      let bytes = _mm256_packs_epi16(words, words)  // dword 0 = v0-3, dword 4 = v4-7
      let gathered = _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 0, 0, 0, 0, 0, 0))
      // The intrinsic, not `storeBytes(of:as:)`: in the integer GEMM drivers' large tile
      // loops the generic store stayed a call per 8 channels (callgrind, gemm-int conv1 + rq).
      _mm_storel_epi64(
        UnsafeMutableRawPointer(out).assumingMemoryBound(to: __m128i_u.self),
        _mm256_castsi256_si128(gathered))
    }
  }
#endif

/// Requantizes `rows` rows of `n` accumulators (row stride `lda`) of channels
/// `firstChannel ..< firstChannel + n` into `out` (row stride `ldo`): the vectors for full
/// groups of 8 channels (x86_64), `stage.apply` for the rest. `firstChannel` is a multiple of 8.
@inline(__always)
func requantizeRows(
  _ rows: Int, _ accumulators: UnsafePointer<Int32>, lda: Int, n: Int, firstChannel: Int,
  bias: UnsafePointer<Int32>?, stage: RequantizationStage, vectors: RequantizeVectorsIfAvailable,
  into out: UnsafeMutablePointer<Int8>, ldo: Int
) {
  var j = 0
  #if arch(x86_64)
    while j + 8 <= n && (firstChannel + j) / 8 < vectors.groupCount {
      let group = vectors.vectors.groups[(firstChannel + j) / 8]
      for r in 0..<rows {
        let acc = _mm256_loadu_si256(
          UnsafeRawPointer(accumulators + r * lda + j).assumingMemoryBound(to: __m256i_u.self))
        RequantizeVectors.storeBytes(vectors.vectors.apply(acc, group), out + r * ldo + j)
      }
      j += 8
    }
  #endif
  for r in 0..<rows {
    for jj in j..<n {
      let channel = firstChannel + jj
      out[r * ldo + jj] = stage.apply(
        accumulators[r * lda + jj], bias: bias?[channel] ?? 0, channel: channel)
    }
  }
}

/// The vector constants when the architecture has them (x86_64), else nothing.
final class RequantizeVectorsIfAvailable {
  /// Channel groups of 8 covered by the vectors.
  let groupCount: Int
  #if arch(x86_64)
    let vectors: RequantizeVectors
  #endif

  /// `accumulatorBound` bounds |acc| when the caller knows it (a GEMM of depth k), which lets
  /// the bias add skip saturation when it cannot overflow.
  init(
    _ stage: RequantizationStage, bias: UnsafePointer<Int32>?,
    accumulatorBound: Int64 = Int64(Int32.max)
  ) {
    #if arch(x86_64)
      groupCount = stage.channels / 8
      vectors = RequantizeVectors(
        stage, bias: bias, groups: groupCount, accumulatorBound: accumulatorBound)
    #else
      groupCount = 0
    #endif
  }
}
