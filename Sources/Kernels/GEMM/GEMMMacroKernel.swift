/// A block of `op(A)` read in place: element (i, p) is `origin[i * row + p * depth]`, i.e.
/// `(lda, 1)` for a row-major A and `(1, lda)` for a transposed one.
struct GEMMAView {
  var origin: UnsafePointer<Float>
  var row: Int
  var depth: Int
}

/// Sweeps the micro-kernel over an `mc x nc` block of C from a block of A and a `kc x nc`
/// block of B: packed (panel `s` at `b + s * 16 * kc`) or, when `nc` is a multiple of 16,
/// read in place (`B(p, j) = b[p * bDepth + j]`, `bDepth = ldb`).
///
/// Rows outer: each 6-row A panel stays in L1 while it meets every B panel of the block, and
/// consecutive tiles of C are neighbours in memory. (Packing A and sweeping columns outer, the
/// classic order, measured 15% slower at 1024^3: the column-major walk over C tiles with a
/// 4 KB row stride thrashes L1 sets.) A row of tiles with an edge tile reads a packed copy of
/// its A panel from `scratch.spareA`.
@inline(__always)
func gemmMacroKernel(
  mc: Int, nc: Int, kc: Int, a: GEMMAView, b: UnsafePointer<Float>, bPacked: Bool,
  ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, update: TileUpdate,
  scratch: GEMMScratch
) {
  let mr = GEMMTile.rows
  let nr = GEMMTile.columns
  let bDepth = bPacked ? nr : ldb
  /// One tile from an A panel read at `aPanel[i * aRow + p * aDepth]`.
  @inline(__always)
  func tile(_ i: Int, _ j: Int, _ aPanel: UnsafePointer<Float>, _ aRow: Int, _ aDepth: Int) {
    let rows = min(mr, mc - i)
    let columns = min(nr, nc - j)
    let bPanel = bPacked ? b + j * kc : b + j
    let cTile = c + i * ldc + j
    if rows == mr && columns == nr {
      gemmMicroKernel6x16(
        kc: kc, a: aPanel, aRow: aRow, aDepth: aDepth, b: bPanel, bDepth: bDepth, c: cTile,
        ldc: ldc, update: update)
    } else {
      // Edge tiles only ever see packed A panels (see the loop below).
      gemmEdgeTile(
        rows: rows, columns: columns, kc: kc, a: aPanel, b: bPanel, bDepth: bDepth, c: cTile,
        ldc: ldc, update: update, tile: scratch.tile)
    }
  }
  for i in stride(from: 0, to: mc, by: mr) {
    let rows = min(mr, mc - i)
    if rows == mr && nc % nr == 0 {
      for j in stride(from: 0, to: nc, by: nr) {
        tile(i, j, a.origin + i * a.row, a.row, a.depth)
      }
    } else {
      // A ragged row panel, or a row of tiles with a ragged end: pack the panel once.
      GEMMPacking.packStrided(
        a.origin + i * a.row, row: a.row, depth: a.depth, count: rows, width: mr, kc: kc,
        dst: scratch.spareA)
      for j in stride(from: 0, to: nc, by: nr) { tile(i, j, scratch.spareA, 1, mr) }
    }
  }
}
