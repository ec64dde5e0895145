// The loop nest shared by every integer GEMM: rows are cut into per-thread chunks and blocks,
// each block's activations (matrix rows or conv patches) are packed once as int16, and a
// micro-kernel computes each 6 x 16 tile, which goes to one of three sinks (`GEMMOutput`).
// For the VNNI kernels the block is then narrowed to unsigned bytes `a + 128`
// (`ActivationFormat.uint8Quads`): one extra pass over the block, shared by all its panels.

/// Where the driver puts each tile: int32 sums, int8 through a requantization stage, or int8
/// through a max over groups of `window` consecutive rows and then the stage.
enum GEMMOutput {
  case int32(UnsafeMutablePointer<Int32>, ldc: Int)
  case requantized(
    UnsafeMutablePointer<Int8>, ldo: Int, bias: UnsafePointer<Int32>?, stage: RequantizationStage,
    vectors: RequantizeVectorsIfAvailable)
  case pooled(
    UnsafeMutablePointer<Int8>, ldo: Int, bias: UnsafePointer<Int32>?, stage: RequantizationStage,
    vectors: RequantizeVectorsIfAvailable, window: Int)

  /// Rows reduced into one output row (1 unless pooled).
  var window: Int {
    if case .pooled(_, _, _, _, _, let window) = self { return window }
    return 1
  }
}

/// Where the driver reads the rows of A: an int8 matrix (row stride `lda`), or the patches of
/// a convolution (implicit im2col).
enum ActivationRows {
  case matrix(UnsafePointer<Int8>, lda: Int)
  case patches(ConvPatchRows)
}

/// How the driver hands packed activations to the micro-kernel.
enum ActivationFormat {
  /// int16 `a - zA`, rows of `2 * depthPairs` (the `vpmaddwd` and portable kernels).
  case int16Pairs
  /// Unsigned bytes `a + 128`, rows of `4 * depthQuads` (the `vpdpbusd` kernels).
  case uint8Quads(depthQuads: Int)
}

/// Tiles per packed block of activations (96 rows): a block of `k = 1024` is 196 KB of int16,
/// so it stays in L2 while each 16-channel weight panel (16 KB) stays in L1.
private let tilesPerBlock = 16

/// Splits rows into fixed contiguous chunks (one per thread), packs each block of rows into
/// int16 with the zero point subtracted, and runs `kernel(tile, panel, out, ldOut)` for every
/// 6 x 16 tile. Edge tiles, and every tile of a requantized or pooled output, go through a
/// scratch tile (in L1) first.
///
/// For a pooled output (`m` a multiple of `window`), chunk and block boundaries fall on whole
/// windows, so each block owns its windows: a block's tiles of one panel are max-reduced into
/// a small int32 buffer, which is requantized once they are all done.
func driveIntegerGEMM(
  _ s: GEMMShape, rows source: ActivationRows, aZeroPoint: Int32,
  output: GEMMOutput, threads: Int, activations: ActivationFormat = .int16Pairs,
  kernel: (PackedActivationTile, Int, UnsafeMutablePointer<Int32>, Int) -> Void
) {
  let rowsPerTile = IntegerGEMMLayout.tileRows
  let tileCount = (s.m + rowsPerTile - 1) / rowsPerTile
  if tileCount == 0 { return }
  let window = output.window
  // The fewest whole tiles that hold whole windows: lcm(6, window) / 6.
  let unit = window / greatestCommonDivisor(rowsPerTile, window)
  let unitCount = (tileCount + unit - 1) / unit
  let blockTiles = (tilesPerBlock + unit - 1) / unit * unit
  let chunks = max(1, min(threads, unitCount))
  let panels = (s.n + 15) / 16
  let rowStride = 2 * s.depthPairs
  var byteRowStride = 0
  if case .uint8Quads(let depthQuads) = activations { byteRowStride = 4 * depthQuads }
  parallelFor(chunks, threads: chunks) { chunk in
    let firstTile = unitCount * chunk / chunks * unit
    let endTile = min(tileCount, unitCount * (chunk + 1) / chunks * unit)
    let packed = UnsafeMutablePointer<Int16>.allocate(
      capacity: blockTiles * rowsPerTile * rowStride + ConvPatchRows.packSlack)
    let bytes = UnsafeMutablePointer<UInt8>.allocate(
      capacity: blockTiles * rowsPerTile * byteRowStride)
    let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: rowsPerTile * 16)
    let maxima = UnsafeMutablePointer<Int32>.allocate(
      capacity: window > 1 ? blockTiles * rowsPerTile / window * 16 : 0)
    defer {
      packed.deallocate()
      bytes.deallocate()
      scratch.deallocate()
      maxima.deallocate()
    }
    var blockStart = firstTile
    while blockStart < endTile {
      let blockEnd = min(blockStart + blockTiles, endTile)
      let firstRow = blockStart * rowsPerTile
      let blockRows = (blockEnd - blockStart) * rowsPerTile
      switch source {
      case .matrix(let a, let lda):
        for r in 0..<blockRows {
          packActivationRow(
            s, a: a, lda: lda, aZeroPoint: aZeroPoint, row: firstRow + r,
            into: packed + r * rowStride)
        }
      case .patches(let patches):
        patches.pack(
          first: firstRow, rows: blockRows, zeroPoint: Int16(aZeroPoint), into: packed,
          rowStride: rowStride)
      }
      if byteRowStride > 0 {
        narrowToUnsigned(
          packed, rowStride: rowStride, rows: blockRows, aZeroPoint: aZeroPoint, into: bytes,
          rowBytes: byteRowStride)
      }
      for panel in 0..<panels {
        let columns = min(16, s.n - panel * 16)
        let windows = (min(blockEnd * rowsPerTile, s.m) - firstRow) / window
        if window > 1 { maxima.update(repeating: .min, count: windows * 16) }
        for t in blockStart..<blockEnd {
          let rows = min(rowsPerTile, s.m - t * rowsPerTile)
          let tileRow = (t - blockStart) * rowsPerTile
          let tile =
            byteRowStride > 0
            ? PackedActivationTile(
              base: bytes + tileRow * byteRowStride, rowBytes: byteRowStride)
            : PackedActivationTile(base: packed + tileRow * rowStride, rowBytes: 2 * rowStride)
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
          case .pooled:
            kernel(tile, panel, scratch, 16)
            let blockRow = (t - blockStart) * rowsPerTile
            for r in 0..<rows {
              let target = UnsafeMutableRawPointer(maxima + (blockRow + r) / window * 16)
              let sums = UnsafeRawPointer(scratch + r * 16).loadUnaligned(as: SIMD16<Int32>.self)
              let best = target.loadUnaligned(as: SIMD16<Int32>.self)
              target.storeBytes(of: pointwiseMax(best, sums), as: SIMD16<Int32>.self)
            }
          }
        }
        if case .pooled(let q, let ldo, let bias, let stage, let vectors, _) = output {
          requantizeRows(
            windows, maxima, lda: 16, n: columns, firstChannel: panel * 16, bias: bias,
            stage: stage, vectors: vectors, into: q + firstRow / window * ldo + panel * 16, ldo: ldo
          )
        }
      }
      blockStart = blockEnd
    }
  }
}

private func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
  b == 0 ? a : greatestCommonDivisor(b, a % b)
}

/// Packs row `row` of A as int16 `a - zA` into `out` (`2 * depthPairs` elements; the odd
/// tail is 0). A row past `m` (in the last tile) is all 0.
private func packActivationRow(
  _ s: GEMMShape, a: UnsafePointer<Int8>, lda: Int, aZeroPoint: Int32, row: Int,
  into out: UnsafeMutablePointer<Int16>
) {
  let length = 2 * s.depthPairs
  guard row < s.m else {
    out.update(repeating: 0, count: length)
    return
  }
  widen(a + row * lda, s.k, minus: Int16(aZeroPoint), into: out)
  if s.k < length { out[s.k] = 0 }
}
