import Testing

@testable import Kernels

/// Ragged shapes (m, n, k): single rows and columns, k not a multiple of 2, 16 or 32, and
/// tails in both tile directions (tiles are 6 rows x 16 channels).
private let integerRaggedShapes: [(Int, Int, Int)] = [
  (1, 1, 1), (1, 17, 1), (1, 1, 33), (7, 1, 5), (6, 16, 32), (13, 33, 31), (37, 17, 77),
  (100, 64, 288), (5, 40, 9), (97, 3, 1600),
]

/// Runs the fast GEMM (int8 or int4 weights) and the reference on the same data, with row
/// strides larger than the rows, and returns both outputs.
private func runBoth(
  m: Int, n: Int, k: Int, zeroPoint: Int32, int4: Bool, threads: Int, seed: UInt64
) throws -> (fast: [Int32], reference: [Int32]) {
  var random = IntegerTestRandom(seed: seed)
  let lda = k + 3
  let ldw = k + 1
  let ldc = n + 2
  let a = random.int8s(m * lda)
  let w = random.int8s(n * ldw, in: int4 ? -8...7 : -128...127)
  var fast = [Int32](repeating: -1, count: m * ldc)
  var reference = [Int32](repeating: -1, count: m * ldc)
  if int4 {
    let packed = try PackedIntegerWeights(
      weights: w, outputChannels: n, depth: k, ldw: ldw, bits: 4)
    try integerGEMM(
      m: m, a: a, lda: lda, aZeroPoint: zeroPoint, weights: packed, c: &fast, ldc: ldc,
      threads: threads)
  } else {
    let packed = try PackedIntegerWeights(
      weights: w, outputChannels: n, depth: k, ldw: ldw, bits: 8)
    try integerGEMM(
      m: m, a: a, lda: lda, aZeroPoint: zeroPoint, weights: packed, c: &fast, ldc: ldc,
      threads: threads)
  }
  integerGEMMReference(
    m: m, n: n, k: k, a: a, lda: lda, aZeroPoint: zeroPoint, weights: w, ldw: ldw,
    c: &reference, ldc: ldc)
  return (fast, reference)
}

@Test(arguments: [false, true])
func integerGEMMMatchesReferenceOnRaggedShapes(int4: Bool) throws {
  for (index, (m, n, k)) in integerRaggedShapes.enumerated() {
    for zeroPoint: Int32 in [-128, 0, 127, 5] {
      let (fast, reference) = try runBoth(
        m: m, n: n, k: k, zeroPoint: zeroPoint, int4: int4, threads: 2, seed: UInt64(index))
      #expect(fast == reference, "m=\(m) n=\(n) k=\(k) zA=\(zeroPoint) int4=\(int4)")
    }
  }
}

/// The worst case for 16-bit pair sums: a = -128 with zA = 127 (a - zA = -255) against
/// weights -128 / 127, where vpmaddubsw would saturate. Checked against the closed form.
@Test func int8GEMMIsExactAtTheExtremes() throws {
  let m = 7
  let n = 18
  let k = 1601
  let a = [Int8](repeating: -128, count: m * k)
  var w = [Int8](repeating: 127, count: n * k)
  for p in 0..<k { w[k + p] = -128 }  // channel 1 is all -128
  let packed = try PackedIntegerWeights(weights: w, outputChannels: n, depth: k, bits: 8)
  var c = [Int32](repeating: 0, count: m * n)
  try integerGEMM(m: m, a: a, lda: k, aZeroPoint: 127, weights: packed, c: &c, ldc: n, threads: 1)
  #expect(c[0] == Int32(-255 * 127 * k))
  #expect(c[1] == Int32(255 * 128 * k))
  #expect(c[(m - 1) * n + n - 1] == Int32(-255 * 127 * k))
}

@Test(arguments: [false, true])
func integerGEMMIsIdenticalForAnyThreadCount(int4: Bool) throws {
  let one = try runBoth(m: 61, n: 35, k: 70, zeroPoint: -3, int4: int4, threads: 1, seed: 9)
  for threads in [2, 3, 64] {
    let many = try runBoth(
      m: 61, n: 35, k: 70, zeroPoint: -3, int4: int4, threads: threads, seed: 9)
    #expect(many.fast == one.fast)
  }
  #expect(one.fast == one.reference)
}

@Test func packedWeightLayoutsArePinned() throws {
  // 17 channels, depth 3: 2 panels x 2 depth pairs.
  var random = IntegerTestRandom(seed: 4)
  let w8 = random.int8s(17 * 3)
  let w4 = random.int8s(17 * 3, in: -8...7)
  let p8 = try PackedIntegerWeights(weights: w8, outputChannels: 17, depth: 3, bits: 8)
  let p4 = try PackedIntegerWeights(weights: w4, outputChannels: 17, depth: 3, bits: 4)
  #expect(p8.storage.count == 2 * 2 * IntegerGEMMLayout.int8BlockBytes)
  #expect(p4.storage.count == 2 * 2 * IntegerGEMMLayout.int4BlockBytes)
  #expect(p8.storage.count == 2 * p4.storage.count)
  // Byte e of block (p, q) is W[16p + e/2, 2q + e%2]; the padding is zero.
  #expect(Int8(bitPattern: p8.storage[3]) == w8[1 * 3 + 1])  // p 0, q 0, e 3: channel 1, depth 1
  // p 0, q 1, e 4: channel 2, depth 2
  #expect(Int8(bitPattern: p8.storage[32 + 4]) == w8[2 * 3 + 2])
  #expect(p8.storage[32 + 5] == 0)  // depth 3 does not exist
  #expect(Int8(bitPattern: p8.storage[64 + 0]) == w8[16 * 3 + 0])  // p 1: channel 16
  #expect(p8.storage[64 + 2] == 0)  // channel 17 does not exist
  // Int4: byte j holds element j (low nibble) and element j + 16 (high nibble).
  let byte = p4.storage[1]
  #expect(Int8(bitPattern: (byte & 0x0F) << 4) >> 4 == w4[0 * 3 + 1])  // element 1
  #expect(Int8(bitPattern: byte & 0xF0) >> 4 == w4[8 * 3 + 1])  // element 17: channel 8
  for channel in 0..<17 {
    for d in 0..<3 {
      #expect(p8.weight(channel: channel, depth: d) == w8[channel * 3 + d])
      #expect(p4.weight(channel: channel, depth: d) == w4[channel * 3 + d])
    }
  }
}

@Test func integerGEMMRejectsBadArguments() throws {
  let w: [Int8] = [1, 2, 3, 4]
  #expect(throws: IntegerKernelError.self) {
    _ = try PackedIntegerWeights(weights: [1, 9, 0, 0], outputChannels: 2, depth: 2, bits: 4)
  }
  #expect(throws: IntegerKernelError.self) {
    _ = try PackedIntegerWeights(weights: w, outputChannels: 2, depth: 2, ldw: 1, bits: 8)
  }
  #expect(throws: IntegerKernelError.self) {
    // 4 values, not 6
    _ = try PackedIntegerWeights(weights: w, outputChannels: 3, depth: 2, bits: 8)
  }
  #expect(throws: IntegerKernelError.self) {
    _ = try PackedIntegerWeights(weights: [1, 2, 3], outputChannels: 2, depth: 2, bits: 4)
  }
  let packed = try PackedIntegerWeights(weights: w, outputChannels: 2, depth: 2, bits: 8)
  var c = [Int32](repeating: 0, count: 4)
  #expect(throws: IntegerKernelError.self) {
    try integerGEMM(m: 2, a: w, lda: 2, aZeroPoint: 128, weights: packed, c: &c, ldc: 2, threads: 1)
  }
  #expect(throws: IntegerKernelError.self) {
    try integerGEMM(m: 2, a: w, lda: 1, aZeroPoint: 0, weights: packed, c: &c, ldc: 2, threads: 1)
  }
}

/// The fused GEMM + requantization equals the two reference steps, on ragged shapes.
@Test(arguments: [false, true])
func fusedRequantizedGEMMMatchesReferenceSteps(int4: Bool) throws {
  for (index, (m, n, k)) in integerRaggedShapes.enumerated() {
    var random = IntegerTestRandom(seed: UInt64(50 + index))
    let lda = k + 1
    let ldo = n + 5
    let a = random.int8s(m * lda)
    let w = random.int8s(n * k, in: int4 ? -8...7 : -128...127)
    let bias = (0..<n).map { _ in Int32(random.int(in: -50_000...50_000)) }
    let reals = (0..<n).map { j in [0.0004, 0.002, 1.7, 0.00001][j % 4] }
    let stage = try RequantizationStage(realMultipliers: reals, outputZeroPoint: -9, outputMin: -9)
    var sums = [Int32](repeating: 0, count: m * n)
    integerGEMMReference(
      m: m, n: n, k: k, a: a, lda: lda, aZeroPoint: 4, weights: w, ldw: k, c: &sums, ldc: n)
    var expected = [Int8](repeating: 0, count: m * ldo)
    try requantizeReference(
      m: m, n: n, accumulators: sums, lda: n, bias: bias, stage: stage, output: &expected, ldo: ldo)
    var fused = [Int8](repeating: 0, count: m * ldo)
    if int4 {
      let packed = try PackedIntegerWeights(weights: w, outputChannels: n, depth: k, bits: 4)
      try integerGEMMRequantized(
        m: m, a: a, lda: lda, aZeroPoint: 4, weights: packed, bias: bias, stage: stage,
        output: &fused, ldo: ldo, threads: 2)
    } else {
      let packed = try PackedIntegerWeights(weights: w, outputChannels: n, depth: k, bits: 8)
      try integerGEMMRequantized(
        m: m, a: a, lda: lda, aZeroPoint: 4, weights: packed, bias: bias, stage: stage,
        output: &fused, ldo: ldo, threads: 2)
    }
    #expect(fused == expected, "m=\(m) n=\(n) k=\(k) int4=\(int4)")
  }
}
