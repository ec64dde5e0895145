/// Cache blocking of `sgemm` (sizes in elements).
///
/// A is read in place; a 6-row A panel (6 KB at kc = 256) stays in L1 while it meets the
/// `kc x nc` packed B block (1 MB at most, in L2/L3). The depth is split into near-equal blocks
/// that depend only on k, so every element of C is summed in the same order whatever the
/// thread count or the split of C.
enum GEMMBlocking {
  static let maxDepth = 256
  static let maxColumns = 1024  // a multiple of GEMMTile.columns

  /// The depth blocks for a product of depth `k`: near-equal, at most `maxDepth` each.
  static func depthBlockCount(_ k: Int) -> Int { (k + maxDepth - 1) / maxDepth }

  /// Up to this many rows of C, a row-major B is read in place instead of packed.
  static let inPlaceBMaxRows = 48

  /// Below this many multiply-adds a product runs on the calling thread only.
  static let parallelThreshold = 1 << 20
}

/// The blocked, packed, multithreaded product behind `sgemm` (same contract).
func sgemmBlocked(
  _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, alpha: Float,
  a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
  beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int
) {
  guard m > 0, n > 0 else { return }
  if k <= 0 {
    // No products: C = alpha * 0 + beta * C, with C unread when beta is 0.
    for i in 0..<m {
      for j in 0..<n { c[i * ldc + j] = beta == 0 ? alpha * 0 : alpha * 0 + beta * c[i * ldc + j] }
    }
    return
  }
  let rowTiles = (m + GEMMTile.rows - 1) / GEMMTile.rows
  let columnTiles = (n + GEMMTile.columns - 1) / GEMMTile.columns
  let wanted = m * n * k < GEMMBlocking.parallelThreshold ? 1 : max(1, threads)
  // Slices are whole tiles, so the tiling of C (and with it every element's arithmetic) is the
  // same for any number of workers. Each worker reads its slice of one operand and all of the
  // other: splitting rows costs `m k / T + k n` per worker, splitting columns `m k + k n / T`,
  // so split the longer side of C (if it has a tile per worker).
  let splitRows =
    (m >= n && rowTiles >= wanted) || (columnTiles < wanted && rowTiles >= columnTiles)
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
  // B is read in place when too few A panels would reuse a packed copy to pay for packing
  // it; that needs whole 16-column panels and a row-major B.
  let aView =
    transA == .none
    ? GEMMAView(origin: a + rows.lowerBound * lda, row: lda, depth: 1)
    : GEMMAView(origin: a + rows.lowerBound, row: 1, depth: lda)
  let bInPlace =
    transB == .none && columns.count % GEMMTile.columns == 0
    && rows.count <= GEMMBlocking.inPlaceBMaxRows
  var j0 = columns.lowerBound
  while j0 < columns.upperBound {
    let nc = min(GEMMBlocking.maxColumns, columns.upperBound - j0)
    for block in 0..<depthBlocks {
      let depth = evenSlice(k, parts: depthBlocks, part: block)
      let p0 = depth.lowerBound
      let kc = depth.count
      var bBlock = b + p0 * ldb + j0
      if !bInPlace {
        GEMMPacking.packB(
          transB, b: b, ldb: ldb, p0: p0, kc: kc, j0: j0, nc: nc, dst: scratch.packedB)
        bBlock = UnsafePointer(scratch.packedB)
      }
      gemmMacroKernel(
        mc: rows.count, nc: nc, kc: kc,
        a: GEMMAView(origin: aView.origin + p0 * aView.depth, row: aView.row, depth: aView.depth),
        b: bBlock, bPacked: !bInPlace, ldb: ldb, c: c + rows.lowerBound * ldc + j0, ldc: ldc,
        update: .depthBlock(block, alpha: alpha, beta: beta), scratch: scratch)
    }
    j0 += nc
  }
}
