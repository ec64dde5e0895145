import Testing

@testable import Kernels

// The VNNI layout proven without a VNNI CPU: the packed blocks decode back to the weights, the
// channel sums are the rows' sums, and the scalar `vpdpbusd` is the instruction's documented
// semantics. (The whole VNNI method, emulated, runs against the reference in
// IntegerPathTests, on every machine.)

/// `vpdpbusd`: per int32 lane, acc + sum of four u8 x s8 products, wrapping, no saturation.
@Test func emulatedDPBUSDIsTheInstructionsSemantics() {
  var random = IntegerTestRandom(seed: 5)
  for round in 0..<50 {
    var a = SIMD64<UInt8>()
    var w = SIMD64<Int8>()
    var acc = SIMD16<Int32>()
    for e in 0..<64 {
      a[e] = round == 0 ? 255 : UInt8(random.int(in: 0...255))
      w[e] = round == 0 ? -128 : Int8(random.int(in: -128...127))
    }
    for lane in 0..<16 { acc[lane] = round == 1 ? Int32.max : Int32(random.int(in: -99...99)) }
    let out = emulatedDPBUSD(acc, a, w)
    for lane in 0..<16 {
      var exact = Int64(acc[lane])
      for k in 0..<4 { exact += Int64(a[4 * lane + k]) * Int64(w[4 * lane + k]) }
      #expect(out[lane] == Int32(truncatingIfNeeded: exact))
    }
    // 4 x 255 x -128 = -130560: beyond int16, where vpmaddubsw would have saturated.
    if round == 0 { #expect(out[3] == acc[3] - 130_560) }
  }
}

@Test(arguments: [false, true])
func vnniPanelsDecodeToTheWeightsAndSumThem(int4: Bool) throws {
  for (n, k) in [(1, 1), (17, 5), (16, 4), (33, 31), (3, 290)] {
    var random = IntegerTestRandom(seed: UInt64(n * 1000 + k))
    let ldw = k + 2
    let w = random.int8s(n * ldw, in: int4 ? -8...7 : -128...127)
    let panels =
      int4
      ? try PackedIntegerWeights(weights: w, outputChannels: n, depth: k, ldw: ldw, bits: 4).quads
      : try PackedIntegerWeights(weights: w, outputChannels: n, depth: k, ldw: ldw, bits: 8).quads
    #expect(panels.depthQuads == (k + 3) / 4)
    #expect(panels.storage.count == (n + 15) / 16 * panels.depthQuads * (int4 ? 32 : 64))
    for j in 0..<((n + 15) / 16 * 16) {
      let row = j < n ? Array(w[(j * ldw)..<(j * ldw + k)]) : [Int8](repeating: 0, count: k)
      #expect(panels.channelSums[j] == row.reduce(0) { $0 + Int32($1) })
      for d in 0..<(panels.depthQuads * 4) {
        #expect(panels.weight(channel: j, depth: d) == (d < k ? row[d] : 0), "n=\(n) k=\(k)")
      }
    }
  }
}

/// The int4 register unpacking: low nibbles to bytes 0-31, high nibbles to 32-63.
@Test func emulatedNibbleUnpackingSignExtends() {
  var block = [UInt8](repeating: 0, count: 32)
  for e in 0..<32 { block[e] = UInt8(e % 16) | UInt8((15 - e % 16) << 4) }
  let unpacked = block.withUnsafeBytes { emulatedUnpackNibbles($0.baseAddress!) }
  for e in 0..<32 {
    #expect(unpacked[e] == Int8(bitPattern: UInt8(e % 16) << 4) >> 4)
    #expect(unpacked[e + 32] == Int8(bitPattern: UInt8(15 - e % 16) << 4) >> 4)
  }
  #expect(unpacked[8] == -8 && unpacked[7] == 7 && unpacked[32] == -1)
}

/// The activation shift: int16 `a - zA` back to `a + 128`, tail zero.
@Test func narrowingShiftsActivationsToUnsigned() {
  let zeroPoint: Int32 = -37
  let a: [Int8] = (0..<21).map { Int8(truncatingIfNeeded: $0 * 13 - 128) }
  let packed = a.map { Int16($0) - Int16(zeroPoint) } + [0]  // rowStride 22
  var out = [UInt8](repeating: 9, count: 24)
  narrowToUnsigned(packed, rowStride: 22, rows: 1, aZeroPoint: zeroPoint, into: &out, rowBytes: 24)
  #expect(Array(out[0..<21]) == a.map { UInt8(Int($0) + 128) })
  #expect(out[21] == UInt8(zeroPoint + 128) && out[22] == 0 && out[23] == 0)
}
