import Testing

@testable import Kernels

// Every integer micro-kernel this machine can run, against the reference: ragged shapes,
// full-range values, int8 and int4, 1 and 2 threads, plain, requantized and fused conv + pool.
// `emulatedVNNI` (scalar `vpdpbusd` over the VNNI layout and its weight-sum correction) runs on
// every machine; a path the CPU lacks is skipped with a line naming it.

/// The tiles under test, each with the kernel path it needs (nil: runs everywhere).
let integerTiles: [(tile: IntegerTile, path: KernelPath?)] = [
  (.portable, .reference), (.avx2, .avx2), (.avx512, .avx512), (.avx512VNNI, .avx512VNNI),
  (.avxVNNI, .avxVNNI), (.emulatedVNNI, nil),
]

/// Whether this machine runs `integerTiles[index]`; prints the skip by name when not.
func canRun(_ index: Int, _ test: String) -> Bool {
  guard let path = integerTiles[index].path, !path.isSupported(on: .host) else { return true }
  print("\(test): skipped kernel path '\(path.rawValue)': this CPU lacks \(path.requirement)")
  return false
}

/// Every kernel path this machine runs (the reference always); prints each one it lacks by
/// name, so a run says which paths it could not test.
func runnablePaths(_ test: String) -> [KernelPath] {
  KernelPath.allCases.filter { path in
    guard !path.isSupported(on: .host) else { return true }
    print("\(test): skipped kernel path '\(path.rawValue)': this CPU lacks \(path.requirement)")
    return false
  }
}

private let shapes: [(Int, Int, Int)] = [
  (1, 1, 1), (1, 17, 3), (7, 1, 5), (6, 16, 32), (13, 33, 31), (37, 17, 77), (5, 40, 9),
  (97, 3, 1602), (25, 48, 6),
]

@Test(arguments: integerTiles.indices)
func integerGEMMPathMatchesReference(index: Int) throws {
  guard canRun(index, "integerGEMMPathMatchesReference") else { return }
  let tile = integerTiles[index].tile
  for (s, (m, n, k)) in shapes.enumerated() {
    var random = IntegerTestRandom(seed: UInt64(200 + s))
    let (lda, ldw, ldc) = (k + 3, k + 1, n + 2)
    let a = random.int8s(m * lda)
    for int4 in [false, true] {
      let w = random.int8s(n * ldw, in: int4 ? -8...7 : -128...127)
      for zeroPoint: Int32 in [-128, 0, 127, 5] {
        var expected = [Int32](repeating: -1, count: m * ldc)
        integerGEMMReference(
          m: m, n: n, k: k, a: a, lda: lda, aZeroPoint: zeroPoint, weights: w, ldw: ldw,
          c: &expected, ldc: ldc)
        for threads in [1, 2] {
          var c = [Int32](repeating: -1, count: m * ldc)
          if int4 {
            let packed = try PackedIntegerWeights(
              weights: w, outputChannels: n, depth: k, ldw: ldw, bits: 4)
            try integerGEMM(
              "t", m: m, a: a, lda: lda, aZeroPoint: zeroPoint, weights: packed, c: &c, ldc: ldc,
              threads: threads, tile: tile)
          } else {
            let packed = try PackedIntegerWeights(
              weights: w, outputChannels: n, depth: k, ldw: ldw, bits: 8)
            try integerGEMM(
              "t", m: m, a: a, lda: lda, aZeroPoint: zeroPoint, weights: packed, c: &c, ldc: ldc,
              threads: threads, tile: tile)
          }
          #expect(c == expected, "\(tile) m=\(m) n=\(n) k=\(k) zA=\(zeroPoint) int4=\(int4)")
        }
      }
    }
  }
}

/// The worst case for every method: a - zA = -255 against -128 and 127, over a long depth.
@Test(arguments: integerTiles.indices)
func integerPathIsExactAtTheExtremes(index: Int) throws {
  guard canRun(index, "integerPathIsExactAtTheExtremes") else { return }
  let (m, n, k) = (7, 18, 1601)
  let a = [Int8](repeating: -128, count: m * k)
  var w = [Int8](repeating: 127, count: n * k)
  for p in 0..<k { w[k + p] = -128 }
  let packed = try PackedIntegerWeights(weights: w, outputChannels: n, depth: k, bits: 8)
  var c = [Int32](repeating: 0, count: m * n)
  try integerGEMM(
    "t", m: m, a: a, lda: k, aZeroPoint: 127, weights: packed, c: &c, ldc: n, threads: 2,
    tile: integerTiles[index].tile)
  #expect(c[0] == Int32(-255 * 127 * k))
  #expect(c[1] == Int32(255 * 128 * k))
  #expect(c[(m - 1) * n + n - 1] == Int32(-255 * 127 * k))
}

@Test(arguments: integerTiles.indices)
func requantizedAndFusedPathsMatchReference(index: Int) throws {
  guard canRun(index, "requantizedAndFusedPathsMatchReference") else { return }
  let tile = integerTiles[index].tile
  let conv = ConvGeometry(
    batch: 2, height: 9, width: 8, channels: 3, kernelHeight: 3, kernelWidth: 3, padTop: 1,
    padLeft: 1, padBottom: 1, padRight: 1)
  let pool = ConvGeometry(
    batch: 2, height: conv.outHeight, width: conv.outWidth, channels: 1, kernelHeight: 2,
    kernelWidth: 2, strideY: 2, strideX: 2)
  let n = 21
  let k = conv.patchSize
  var random = IntegerTestRandom(seed: 77)
  let input = random.int8s(conv.batch * conv.height * conv.width * conv.channels)
  let zero: Int8 = -6
  let bias = (0..<n).map { j in j == 1 ? Int32.max - 3 : Int32(random.int(in: -40_000...40_000)) }
  let reals = (0..<n).map { j in [0.0004, 0.002, 1.7, 0.00001, 0.49][j % 5] }
  let stage = try RequantizationStage(realMultipliers: reals, outputZeroPoint: -9, outputMin: -9)
  var columns = [Int8](repeating: 0, count: conv.patchCount * k)
  try int8Im2colReference(conv, input: input, zeroPoint: zero, columns: &columns)
  for int4 in [false, true] {
    let w = random.int8s(n * k, in: int4 ? -8...7 : -128...127)
    var sums = [Int32](repeating: 0, count: conv.patchCount * n)
    integerGEMMReference(
      m: conv.patchCount, n: n, k: k, a: columns, lda: k, aZeroPoint: Int32(zero), weights: w,
      ldw: k, c: &sums, ldc: n)
    var requantized = [Int8](repeating: 0, count: conv.patchCount * n)
    try requantizeReference(
      m: conv.patchCount, n: n, accumulators: sums, lda: n, bias: bias, stage: stage,
      output: &requantized, ldo: n)
    let outputPool = ConvGeometry(
      batch: 2, height: conv.outHeight, width: conv.outWidth, channels: n, kernelHeight: 2,
      kernelWidth: 2, strideY: 2, strideX: 2)
    var pooled = [Int8](repeating: 0, count: conv.batch * pool.outHeight * pool.outWidth * n)
    try int8MaxPoolReference(outputPool, input: requantized, output: &pooled)
    let weights: PackedIntegerWeights =
      int4
      ? try PackedIntegerWeights(weights: w, outputChannels: n, depth: k, bits: 4)
      : try PackedIntegerWeights(weights: w, outputChannels: n, depth: k, bits: 8)
    for threads in [1, 2] {
      var gemm = [Int8](repeating: 55, count: conv.patchCount * n)
      try integerGEMMRequantized(
        "t", m: conv.patchCount, a: columns, lda: k, aZeroPoint: Int32(zero), weights: weights,
        bias: bias, stage: stage, output: &gemm, ldo: n, threads: threads, tile: tile)
      #expect(gemm == requantized, "\(tile) GEMM + requantize int4=\(int4) threads=\(threads)")
      var fused = [Int8](repeating: 55, count: pooled.count)
      try integerConv(
        "t", conv, pool: pool, input: input, inputZeroPoint: Int32(zero), weights: weights,
        bias: bias, stage: stage, output: &fused, ldo: n, threads: threads, tile: tile)
      #expect(fused == pooled, "\(tile) fused conv + pool int4=\(int4) threads=\(threads)")
    }
  }
}
