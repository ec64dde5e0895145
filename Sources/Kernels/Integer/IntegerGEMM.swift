// Zero point: we subtract the activation zero point while widening activations to int16
// (`a - zA` lies in [-255, 255], exact in int16), so the kernels compute
// `C[m, n] = sum_k (A[m, k] - zA) * W[n, k]` directly. The alternative decomposition
// `sum A*W - zA * rowsum(W)` would need per-channel weight sums and one more pass; the
// widening has to happen anyway for vpmaddwd, so the subtraction there costs nothing.

/// Exact int8 GEMM: `C[i, j] = sum_p (A[i, p] - aZeroPoint) * W[j, p]` in int32.
///
/// Shapes: `A` is `m x k` int8 activations, row-major with row stride `lda >= k` (im2col
/// rows); `W` is the packed `n x k` weights (`k` and `n` come from `weights`); `C` is `m x n`
/// int32, row stride `ldc >= n`, overwritten. `aZeroPoint` is in [-128, 127]. The result is
/// exact (no saturation) for every int8 input. Rows are split across `threads` in fixed
/// blocks; integer sums are exact, so every thread count gives the same bits.
public func int8GEMM(
  m: Int, a: UnsafePointer<Int8>, lda: Int, aZeroPoint: Int32,
  weights: PackedInt8Weights,
  c: UnsafeMutablePointer<Int32>, ldc: Int,
  threads: Int = ComputeThreads.default
) throws(IntegerKernelError) {
  let shape = GEMMShape(
    m: m, n: weights.outputChannels, k: weights.depth, depthPairs: weights.depthPairs)
  try shape.validate("int8GEMM", lda: lda, ldc: ldc, aZeroPoint: aZeroPoint)
  weights.storage.withUnsafeBufferPointer { packed in
    let base = packed.baseAddress!
    driveIntegerGEMM(
      shape, a: a, lda: lda, aZeroPoint: aZeroPoint, output: .int32(c, ldc: ldc), threads: threads
    ) {
      tile, panel, out, ldOut in
      int8TileKernel(
        tile, base + panel * shape.depthPairs * 32, depthPairs: shape.depthPairs, out, ldc: ldOut)
    }
  }
}

/// Exact GEMM with int4 weights: `C[i, j] = sum_p (A[i, p] - aZeroPoint) * W[j, p]` in int32.
///
/// As `int8GEMM`, with `W` packed two values per byte (`PackedInt4Weights`); nibbles are
/// unpacked in registers inside the kernel, never into an int8 copy.
public func int4GEMM(
  m: Int, a: UnsafePointer<Int8>, lda: Int, aZeroPoint: Int32,
  weights: PackedInt4Weights,
  c: UnsafeMutablePointer<Int32>, ldc: Int,
  threads: Int = ComputeThreads.default
) throws(IntegerKernelError) {
  let shape = GEMMShape(
    m: m, n: weights.outputChannels, k: weights.depth, depthPairs: weights.depthPairs)
  try shape.validate("int4GEMM", lda: lda, ldc: ldc, aZeroPoint: aZeroPoint)
  weights.storage.withUnsafeBufferPointer { packed in
    let base = packed.baseAddress!
    driveIntegerGEMM(
      shape, a: a, lda: lda, aZeroPoint: aZeroPoint, output: .int32(c, ldc: ldc), threads: threads
    ) {
      tile, panel, out, ldOut in
      int4TileKernel(
        tile, base + panel * shape.depthPairs * 16, depthPairs: shape.depthPairs, out, ldc: ldOut)
    }
  }
}

/// The plain reference twin of `int8GEMM` and `int4GEMM`, on unpacked weights.
///
/// `weights` is `n x k` row-major (stride `ldw`); three loops summing in Int64 and
/// truncating to Int32 (the sums always fit for `k <= IntegerGEMMLayout.maxExactDepth`).
public func integerGEMMReference(
  m: Int, n: Int, k: Int,
  a: UnsafePointer<Int8>, lda: Int, aZeroPoint: Int32,
  weights: UnsafePointer<Int8>, ldw: Int,
  c: UnsafeMutablePointer<Int32>, ldc: Int
) {
  for i in 0..<m {
    for j in 0..<n {
      var sum: Int64 = 0
      for p in 0..<k {
        sum += (Int64(a[i * lda + p]) - Int64(aZeroPoint)) * Int64(weights[j * ldw + p])
      }
      c[i * ldc + j] = Int32(truncatingIfNeeded: sum)
    }
  }
}

/// Where the driver puts each tile: int32 sums, or int8 through a requantization stage.
enum GEMMOutput {
  case int32(UnsafeMutablePointer<Int32>, ldc: Int)
  case requantized(
    UnsafeMutablePointer<Int8>, ldo: Int, bias: UnsafePointer<Int32>?, stage: RequantizationStage,
    vectors: RequantizeVectorsIfAvailable)
}

/// The sizes of one integer GEMM call.
struct GEMMShape {
  var m: Int, n: Int, k: Int, depthPairs: Int

  func validate(_ function: String, lda: Int, ldc: Int, aZeroPoint: Int32)
    throws(IntegerKernelError)
  {
    try require(m >= 0, function, "row count m=\(m) is negative")
    try require(lda >= k, function, "activation row stride lda=\(lda) is smaller than depth k=\(k)")
    try require(ldc >= n, function, "output row stride ldc=\(ldc) is smaller than n=\(n)")
    try require(
      (-128...127).contains(aZeroPoint), function,
      "activation zero point \(aZeroPoint) is outside the int8 range [-128, 127]")
  }
}

/// Tiles per packed block of activations (96 rows): a block of `k = 1024` is 196 KB of int16,
/// so it stays in L2 while each 16-channel weight panel (16 KB) stays in L1.
private let tilesPerBlock = 16

/// Splits rows into fixed contiguous chunks (one per thread), packs each block of rows into
/// int16 with the zero point subtracted, and runs `kernel(tile, panel, out, ldOut)` for every
/// 6 x 16 tile. Edge tiles, and every tile of a requantized output, go through a scratch
/// tile (in L1) first.
func driveIntegerGEMM(
  _ s: GEMMShape, a: UnsafePointer<Int8>, lda: Int, aZeroPoint: Int32,
  output: GEMMOutput, threads: Int,
  kernel: (PackedActivationTile, Int, UnsafeMutablePointer<Int32>, Int) -> Void
) {
  let rowsPerTile = IntegerGEMMLayout.tileRows
  let tileCount = (s.m + rowsPerTile - 1) / rowsPerTile
  if tileCount == 0 { return }
  let chunks = max(1, min(threads, tileCount))
  let panels = (s.n + 15) / 16
  let rowStride = 2 * s.depthPairs
  forEachChunk(chunks) { chunk in
    let firstTile = tileCount * chunk / chunks
    let endTile = tileCount * (chunk + 1) / chunks
    let packed = UnsafeMutablePointer<Int16>.allocate(
      capacity: tilesPerBlock * rowsPerTile * rowStride)
    let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: rowsPerTile * 16)
    defer {
      packed.deallocate()
      scratch.deallocate()
    }
    var blockStart = firstTile
    while blockStart < endTile {
      let blockEnd = min(blockStart + tilesPerBlock, endTile)
      let firstRow = blockStart * rowsPerTile
      for r in 0..<(blockEnd - blockStart) * rowsPerTile {
        packActivationRow(
          s, a: a, lda: lda, aZeroPoint: aZeroPoint, row: firstRow + r, into: packed + r * rowStride
        )
      }
      for panel in 0..<panels {
        let columns = min(16, s.n - panel * 16)
        for t in blockStart..<blockEnd {
          let rows = min(rowsPerTile, s.m - t * rowsPerTile)
          let tile = PackedActivationTile(
            base: packed + (t - blockStart) * rowsPerTile * rowStride, rowStride: rowStride)
          switch output {
          case .int32(let c, let ldc):
            let out = c + t * rowsPerTile * ldc + panel * 16
            if rows == rowsPerTile && columns == 16 {
              kernel(tile, panel, out, ldc)
            } else {
              kernel(tile, panel, scratch, 16)
              for r in 0..<rows {
                (out + r * ldc).update(from: scratch + r * 16, count: columns)
              }
            }
          case .requantized(let q, let ldo, let bias, let stage, let vectors):
            kernel(tile, panel, scratch, 16)
            requantizeRows(
              rows, scratch, lda: 16, n: columns, firstChannel: panel * 16, bias: bias,
              stage: stage, vectors: vectors, into: q + t * rowsPerTile * ldo + panel * 16, ldo: ldo
            )
          }
        }
      }
      blockStart = blockEnd
    }
  }
}

/// Packs row `row` of A as int16 `a - zA` into `out` (`2 * depthPairs` elements; the odd
/// tail is 0). A row past `m` (in the last tile) is all 0. Sixteen values at a time.
private func packActivationRow(
  _ s: GEMMShape, a: UnsafePointer<Int8>, lda: Int, aZeroPoint: Int32, row: Int,
  into out: UnsafeMutablePointer<Int16>
) {
  let length = 2 * s.depthPairs
  guard row < s.m else {
    out.update(repeating: 0, count: length)
    return
  }
  let source = a + row * lda
  let zero = Int16(aZeroPoint)
  let zeroLanes = SIMD16<Int16>(repeating: zero)
  let vectorCount = s.k / 16 * 16
  var p = 0
  while p < vectorCount {
    let bytes = UnsafeRawPointer(source + p).loadUnaligned(as: SIMD16<Int8>.self)
    let wide = SIMD16<Int16>(truncatingIfNeeded: bytes) &- zeroLanes
    UnsafeMutableRawPointer(out + p).storeBytes(of: wide, as: SIMD16<Int16>.self)
    p += 16
  }
  for p in vectorCount..<s.k { out[p] = Int16(source[p]) &- zero }  // in [-255, 255]: no overflow
  if s.k < length { out[s.k] = 0 }
}
