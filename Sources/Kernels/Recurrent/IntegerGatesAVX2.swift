// The gates' arithmetic eight lanes at a time (AVX2, 32-bit lanes), bit for bit the scalar
// functions of IntegerGateParameters.swift and FixedPointActivation: the same saturations,
// the same gemmlowp roundings (`FixedPointVectors`, shared with the requantization). The
// table reads are scalar passes over a row's gate inputs (`lookUp`): AVX2 gathers are not
// reachable from Swift, and extracting and inserting lanes costs more than a store and reload.
#if arch(x86_64)
  internal import _Builtin_intrinsics.intel

  /// The recurrent parts `u = M_h·(accH + biasH)` of the columns `0 ..< 8·(width / 8)` of one
  /// row, 8 at a time; returns how many columns it did.
  @inline(__always)
  func recurrentParts8(
    _ p: IntegerGateParameters, _ accH: UnsafePointer<Int32>, _ u: UnsafeMutablePointer<Int32>
  ) -> Int {
    typealias V = FixedPointVectors
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
    typealias V = FixedPointVectors
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
