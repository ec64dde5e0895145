/// Cache blocking of `sgemm` (sizes in elements).
///
/// A `kc x 16` B panel (16 KB at kc = 256) stays in L1 while the micro-kernel sweeps a
/// `maxRows x kc` A block (120 KB) held in L2; the `kc x nc` B block lives in L3. The depth is
/// split into near-equal blocks that depend only on k, so every element of C is summed in the
/// same order whatever the thread count or the split of C.
enum GEMMBlocking {
  static let maxRows = 120  // a multiple of GEMMTile.rows
  static let maxDepth = 256
  static let maxColumns = 1024  // a multiple of GEMMTile.columns

  /// The depth blocks for a product of depth `k`: near-equal, at most `maxDepth` each.
  static func depthBlockCount(_ k: Int) -> Int { (k + maxDepth - 1) / maxDepth }

  /// Up to this many columns of C, a row-major A is read in place instead of packed.
  static let inPlaceAMaxColumns = 512

  /// Below this many multiply-adds a product runs on the calling thread only.
  static let parallelThreshold = 1 << 18
}

/// The blocked, packed, multithreaded product behind `sgemm` (same contract).
func sgemmBlocked(
  _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Float,
  a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
  beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int
) {
  guard m > 0, n > 0 else { return }
  if k == 0 {
    // No products: C = alpha * 0 + beta * C, with C unread when beta is 0.
    for i in 0..<m {
      for j in 0..<n { c[i * ldc + j] = beta == 0 ? alpha * 0 : alpha * 0 + beta * c[i * ldc + j] }
    }
    return
  }
  let rowTiles = (m + GEMMTile.rows - 1) / GEMMTile.rows
  let columnTiles = (n + GEMMTile.columns - 1) / GEMMTile.columns
  let wanted = m * n * k < GEMMBlocking.parallelThreshold ? 1 : max(1, threads)
  // Split C along the dimension with more tiles; slices are whole tiles, so the tiling of C
  // (and with it every element's arithmetic) is the same for any number of workers.
  let splitRows = rowTiles >= columnTiles || rowTiles >= 4 * wanted
  let workers = min(wanted, splitRows ? rowTiles : columnTiles)
  parallelFor(workers, threads: workers) { worker in
    var rows = 0..<m
    var columns = 0..<n
    if splitRows {
      let tiles = evenSlice(rowTiles, parts: workers, part: worker)
      rows = (tiles.lowerBound * GEMMTile.rows)..<min(m, tiles.upperBound * GEMMTile.rows)
    } else {
      let tiles = evenSlice(columnTiles, parts: workers, part: worker)
      columns =
        (tiles.lowerBound * GEMMTile.columns)..<min(n, tiles.upperBound * GEMMTile.columns)
    }
    if rows.isEmpty || columns.isEmpty { return }
    GEMMScratchPool.shared.withScratch { scratch in
      sgemmSlice(
        transA, transB, rows: rows, columns: columns, k: k, alpha: alpha, a: a, lda: lda,
        b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, scratch: scratch)
    }
  }
}

/// Computes the block `C[rows, columns]` on one thread with one scratch object.
func sgemmSlice(
  _ transA: Transpose, _ transB: Transpose, rows: Range<Int>, columns: Range<Int>, k: Int,
  alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
  beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, scratch: GEMMScratch
) {
  let depthBlocks = GEMMBlocking.depthBlockCount(k)
  // A row-major A is read in place when too few B panels would reuse a packed copy to pay
  // for packing it (a strided gather). B is always packed: reading it in place measured
  // slower on every shape of the seed CNN.
  let aInPlace = columns.count <= GEMMBlocking.inPlaceAMaxColumns
  var j0 = columns.lowerBound
  while j0 < columns.upperBound {
    let nc = min(GEMMBlocking.maxColumns, columns.upperBound - j0)
    for block in 0..<depthBlocks {
      let depth = evenSlice(k, parts: depthBlocks, part: block)
      let p0 = depth.lowerBound
      let kc = depth.count
      GEMMPacking.packB(
        transB, b: b, ldb: ldb, p0: p0, kc: kc, j0: j0, nc: nc, dst: scratch.packedB)
      let update =
        block == 0
        ? TileUpdate(alpha: alpha, cScale: beta, readC: beta != 0)
        : TileUpdate(alpha: alpha, cScale: 1, readC: true)
      var i0 = rows.lowerBound
      while i0 < rows.upperBound {
        let mc = min(GEMMBlocking.maxRows, rows.upperBound - i0)
        var aView =
          transA == .none
          ? GEMMOperandView(origin: a + i0 * lda + p0, row: lda, depth: 1, packed: false)
          : GEMMOperandView(origin: a + p0 * lda + i0, row: 1, depth: lda, packed: false)
        if !aInPlace {
          GEMMPacking.packA(
            transA, a: a, lda: lda, i0: i0, mc: mc, p0: p0, kc: kc, dst: scratch.packedA)
          aView = GEMMOperandView(origin: scratch.packedA, row: 1, depth: GEMMTile.rows, packed: true)
        }
        gemmMacroKernel(
          mc: mc, nc: nc, kc: kc, a: aView, packedB: scratch.packedB, c: c + i0 * ldc + j0,
          ldc: ldc,
          update: update, scratch: scratch)
        i0 += mc
      }
    }
    j0 += nc
  }
}

