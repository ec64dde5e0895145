// The gates' arithmetic eight lanes at a time (AVX2, 32-bit lanes), bit for bit the scalar
// functions of IntegerGateParameters.swift and FixedPointActivation: the same saturations,
// the same gemmlowp roundings (see RequantizeVectorsAVX2.swift for the high multiply). The
// table reads are scalar passes over a row's gate inputs (`lookUp`): AVX2 gathers are not
// reachable from Swift, and extracting and inserting lanes costs more than a store and reload.
#if arch(x86_64)
  internal import _Builtin_intrinsics.intel

  enum GateVectors {
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
      let shifted = _mm256_sllv_epi32(x, left)
      let kept = _mm256_cmpeq_epi32(_mm256_srav_epi32(shifted, left), x)
      let saturated = _mm256_xor_si256(_mm256_srai_epi32(x, 31), splat(.max))
      return divideByPOT(highMul(_mm256_blendv_epi8(saturated, shifted, kept), m), right)
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

  /// The recurrent parts `u = M_h·(accH + biasH)` of the columns `0 ..< 8·(width / 8)` of one
  /// row, 8 at a time; returns how many columns it did.
  @inline(__always)
  func recurrentParts8(
    _ p: IntegerGateParameters, _ accH: UnsafePointer<Int32>, _ u: UnsafeMutablePointer<Int32>
  ) -> Int {
    typealias V = GateVectors
    let width = p.width
    var k = 0
    p.recurrentMultipliers.withUnsafeBufferPointer { m in
      p.recurrentLeft.withUnsafeBufferPointer { left in
        p.recurrentRight.withUnsafeBufferPointer { right in
          p.recurrentBias.withUnsafeBufferPointer { b in
            while k + 8 <= width {
              let sum = V.saturatingAdd(V.load(accH + k), V.load(b.baseAddress! + k))
              let part = V.multiply(
                sum, V.load(m.baseAddress! + k), left: V.load(left.baseAddress! + k),
                right: V.load(right.baseAddress! + k))
              V.store(part, u + k)
              k += 8
            }
          }
        }
      }
    }
    return k
  }

  /// Replaces each of the `count` table indices (int32, 0...65535) at `v` by `Int32(f[index])`:
  /// the table reads of the vector passes below, as plain scalar loads (one index load, one
  /// table load and one store per value; cheaper than extracting and inserting lanes).
  @inline(__always)
  func lookUp(_ v: UnsafeMutablePointer<Int32>, _ count: Int, _ f: UnsafePointer<Int16>) {
    var j = 0
    while j + 4 <= count {
      let (i0, i1, i2, i3) = (Int(v[j]), Int(v[j + 1]), Int(v[j + 2]), Int(v[j + 3]))
      v[j] = Int32(f[i0])
      v[j + 1] = Int32(f[i1])
      v[j + 2] = Int32(f[i2])
      v[j + 3] = Int32(f[i3])
      j += 4
    }
    while j < count {
      v[j] = Int32(f[Int(v[j])])
      j += 1
    }
  }

  /// Units `0 ..< m` (`m` a multiple of 8) of one row: the scalar `gateUnit` on 8 lanes, bit
  /// for bit, in passes over the row: the gate inputs of all `m` units become table indices
  /// (`clamp(q, -32768, 32767) + 32768`) in `s` (`gates·hidden` int32 of scratch), `lookUp`
  /// turns them into activations, and the next pass combines them.
  @inline(__always)
  func gateUnitPasses(
    _ p: IntegerGateParameters, _ m: Int, _ a: UnsafePointer<Int32>,
    _ u: UnsafePointer<Int32>, _ h: UnsafeMutablePointer<Int8>,
    _ c: UnsafeMutablePointer<Int16>?, _ s: UnsafeMutablePointer<Int32>,
    sigmoid: UnsafePointer<Int16>, tanh: UnsafePointer<Int16>
  ) {
    typealias V = GateVectors
    let n = p.hidden
    let sm = V.splat(p.stateMultiplier)
    let left = V.splat(Int32(Swift.max(0, -p.stateShift)))
    let right = V.splat(Int32(Swift.max(0, p.stateShift)))
    @inline(__always) func index(_ q: __m256i) -> __m256i {
      _mm256_add_epi32(V.clamp(q, -32768, 32767), V.splat(32768))
    }
    /// Indices of gate `g`'s inputs `sat16(a + u)` into `s + g·n`.
    @inline(__always) func inputs(_ g: Int) {
      for j in stride(from: 0, to: m, by: 8) {
        V.store(
          index(V.saturatingAdd(V.load(a + g * n + j), V.load(u + g * n + j))), s + g * n + j)
      }
    }
    @inline(__always) func toState(_ q30: __m256i) -> __m256i {
      V.multiply(q30, sm, left: left, right: right)
    }
    @inline(__always) func store(_ acc: __m256i, _ j: Int) {
      V.storeBytes(V.clamp(V.divideByPOT(acc, V.splat(15)), -127, 127), h + j)
    }
    switch p.cell {
    case .simple:
      inputs(0)
      lookUp(s, m, tanh)
      for j in stride(from: 0, to: m, by: 8) {
        store(toState(_mm256_slli_epi32(V.load(s + j), 15)), j)
      }
    case .gru:
      inputs(0)
      inputs(1)
      lookUp(s, m, sigmoid)
      lookUp(s + n, m, sigmoid)
      let (z, r, g) = (s, s + n, s + 2 * n)
      for j in stride(from: 0, to: m, by: 8) {
        let gated = V.highMul(V.load(u + 2 * n + j), _mm256_slli_epi32(V.load(r + j), 16))
        V.store(index(V.saturatingAdd(V.load(a + 2 * n + j), gated)), g + j)
      }
      lookUp(g, m, tanh)
      for j in stride(from: 0, to: m, by: 8) {
        let zz = V.load(z + j)
        let mixed = toState(_mm256_mullo_epi32(_mm256_sub_epi32(V.splat(32768), zz), V.load(g + j)))
        store(V.saturatingAdd(_mm256_mullo_epi32(zz, V.loadBytes(h + j)), mixed), j)
      }
    case .lstm:
      let fraction = Int32(p.cellFractionBits)
      for gate in 0..<4 { inputs(gate) }
      lookUp(s, m, sigmoid)
      lookUp(s + n, m, sigmoid)
      lookUp(s + 2 * n, m, tanh)
      lookUp(s + 3 * n, m, sigmoid)
      let (i, f, g, o) = (s, s + n, s + 2 * n, s + 3 * n)
      for j in stride(from: 0, to: m, by: 8) {
        let added = V.divideByPOT(
          _mm256_mullo_epi32(V.load(i + j), V.load(g + j)), V.splat(15 - fraction))
        let sum = V.saturatingAdd(_mm256_mullo_epi32(V.load(f + j), V.loadHalves(c! + j)), added)
        let next = V.clamp(V.divideByPOT(sum, V.splat(15)), -32768, 32767)
        V.storeHalves(next, c! + j)
        let onQ12 =
          fraction >= 12
          ? V.divideByPOT(next, V.splat(fraction - 12))
          : _mm256_sllv_epi32(next, V.splat(12 - fraction))
        V.store(index(onQ12), i + j)
      }
      lookUp(i, m, tanh)
      for j in stride(from: 0, to: m, by: 8) {
        store(toState(_mm256_mullo_epi32(V.load(o + j), V.load(i + j))), j)
      }
    }
  }
#endif
