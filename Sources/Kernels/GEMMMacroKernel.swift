/// Where the macro-kernel reads a block of A.
///
/// Packed (see `GEMMPacking`): panel `r` starts at `origin + r * 6 * kc`. In place: element
/// (i, p) is `origin[i * row + p * depth]`.
struct GEMMOperandView {
  var origin: UnsafePointer<Float>
  var row: Int
  var depth: Int
  var packed: Bool

  init(origin: UnsafePointer<Float>, row: Int, depth: Int, packed: Bool) {
    self.origin = origin
    self.row = row
    self.depth = depth
    self.packed = packed
  }

  init(origin: UnsafeMutablePointer<Float>, row: Int, depth: Int, packed: Bool) {
    self.init(origin: UnsafePointer(origin), row: row, depth: depth, packed: packed)
  }
}

/// Sweeps the micro-kernel over an `mc x nc` block of C from a block of A and a packed
/// `kc x nc` block of B.
///
/// A packed A block lives in L2 and each B panel stays in L1 while it meets every A panel
/// (columns outer). An A read in place is strided, so then each A panel stays in L1 while it
/// meets every B panel (rows outer); a row of tiles with an edge tile reads a packed copy of
/// its A panel from `scratch.spareA`.
@inline(__always)
func gemmMacroKernel(
  mc: Int, nc: Int, kc: Int, a: GEMMOperandView, packedB: UnsafePointer<Float>,
  c: UnsafeMutablePointer<Float>, ldc: Int, update: TileUpdate, scratch: GEMMScratch
) {
  let mr = GEMMTile.rows
  let nr = GEMMTile.columns
  /// One tile from an A panel read at `aPanel[i * aRow + p * aDepth]`.
  @inline(__always)
  func tile(_ i: Int, _ j: Int, _ aPanel: UnsafePointer<Float>, _ aRow: Int, _ aDepth: Int) {
    let rows = min(mr, mc - i)
    let columns = min(nr, nc - j)
    let bPanel = packedB + j * kc
    let cTile = c + i * ldc + j
    if rows == mr && columns == nr {
      gemmMicroKernel6x16(
        kc: kc, a: aPanel, aRow: aRow, aDepth: aDepth, b: bPanel, c: cTile, ldc: ldc,
        update: update)
    } else {
      // Edge tiles only ever see packed A panels (see the in-place loop below).
      gemmEdgeTile(
        rows: rows, columns: columns, kc: kc, a: aPanel, b: bPanel, c: cTile, ldc: ldc,
        update: update, tile: scratch.tile)
    }
  }
  if a.packed {
    for j in stride(from: 0, to: nc, by: nr) {
      for i in stride(from: 0, to: mc, by: mr) { tile(i, j, a.origin + i * kc, 1, mr) }
    }
  } else {
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
}
