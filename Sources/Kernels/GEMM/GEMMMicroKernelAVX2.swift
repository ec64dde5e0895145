// The AVX2 micro-kernel of `sgemm` (the only one so far): written with portable
// `SIMD8<Float>`, shaped for AVX2's 16 ymm registers, and compiled with -mavx2 -mfma (see
// Package.swift). Another ISA's tile (AVX-512: 16 lanes, 32 registers) goes in a file of its
// own beside this one, chosen in `gemmMacroKernel`.

/// The register tile of `sgemm`: 6 rows x 16 columns of C, held in 12 AVX registers.
///
/// With 2 registers of B and 1 broadcast of A per step this uses 15 of the 16 AVX registers.
enum GEMMTile {
  /// Rows of C per micro-kernel call (the height of a packed A panel).
  static let rows = 6
  /// Columns of C per micro-kernel call (the width of a packed B panel).
  static let columns = 16
}

/// How the micro-kernel combines its sums with C: `C = alpha * sum + cScale * C`, where C is
/// not read at all when `readC` is false (so it may hold NaN).
struct TileUpdate {
  var alpha: Float
  var cScale: Float
  var readC: Bool

  /// The update of depth block `block` of `C = alpha * A B + beta * C`: the first block
  /// applies `beta` (C unread when it is 0), each later one adds to what the earlier wrote.
  static func depthBlock(_ block: Int, alpha: Float = 1, beta: Float = 0) -> TileUpdate {
    block == 0
      ? TileUpdate(alpha: alpha, cScale: beta, readC: beta != 0)
      : TileUpdate(alpha: alpha, cScale: 1, readC: true)
  }
}

/// Multiplies a `6 x kc` block of A by a packed `kc x 16` B panel into a full 6 x 16 tile.
///
/// A(i, p) is read at `a[i * aRow + p * aDepth]`: `(1, 6)` for a packed panel, `(lda, 1)` to
/// read a row-major A in place. B(p, j) is read at `b[p * bDepth + j]`: 16 for a packed
/// panel, `ldb` for a row-major B read in place. Each element of the
/// tile is the sum over `p = 0 ..< kc` in order, each step one fused multiply-add, so the
/// result does not depend on where A is read from. `c` points at the tile's top-left element;
/// rows are `ldc` apart.
@inline(__always)
func gemmMicroKernel6x16(
  kc: Int, a: UnsafePointer<Float>, aRow: Int, aDepth: Int, b: UnsafePointer<Float>,
  bDepth: Int, c: UnsafeMutablePointer<Float>, ldc: Int, update: TileUpdate
) {
  var c00 = Float8()
  var c01 = Float8()
  var c10 = Float8()
  var c11 = Float8()
  var c20 = Float8()
  var c21 = Float8()
  var c30 = Float8()
  var c31 = Float8()
  var c40 = Float8()
  var c41 = Float8()
  var c50 = Float8()
  var c51 = Float8()
  var pa = a
  var pb = b
  for _ in 0..<kc {
    let b0 = load8(pb)
    let b1 = load8(pb + 8)
    var x = Float8(repeating: pa[0])
    c00.addProduct(x, b0)
    c01.addProduct(x, b1)
    x = Float8(repeating: pa[aRow])
    c10.addProduct(x, b0)
    c11.addProduct(x, b1)
    x = Float8(repeating: pa[2 * aRow])
    c20.addProduct(x, b0)
    c21.addProduct(x, b1)
    x = Float8(repeating: pa[3 * aRow])
    c30.addProduct(x, b0)
    c31.addProduct(x, b1)
    x = Float8(repeating: pa[4 * aRow])
    c40.addProduct(x, b0)
    c41.addProduct(x, b1)
    x = Float8(repeating: pa[5 * aRow])
    c50.addProduct(x, b0)
    c51.addProduct(x, b1)
    pa += aDepth
    pb += bDepth
  }
  storeTileRow(c00, c01, c, update)
  storeTileRow(c10, c11, c + ldc, update)
  storeTileRow(c20, c21, c + 2 * ldc, update)
  storeTileRow(c30, c31, c + 3 * ldc, update)
  storeTileRow(c40, c41, c + 4 * ldc, update)
  storeTileRow(c50, c51, c + 5 * ldc, update)
}

/// Writes one 16-wide row of the tile: `C = alpha * sum + cScale * C` (C unread if `!readC`).
@inline(__always)
func storeTileRow(
  _ s0: Float8, _ s1: Float8, _ c: UnsafeMutablePointer<Float>, _ u: TileUpdate
) {
  var r0 = s0 * u.alpha
  var r1 = s1 * u.alpha
  if u.readC {
    r0 += load8(c) * u.cScale
    r1 += load8(c + 8) * u.cScale
  }
  store8(r0, c)
  store8(r1, c + 8)
}

/// Runs the micro-kernel on a tile that sticks out of C (`rows <= 6`, `columns <= 16`) from a
/// packed A panel and a B panel with 16 readable columns (zero-padded when packed):
/// the valid part of C is copied into a full scratch tile, updated, and copied back, so
/// edge elements take exactly the same arithmetic as interior ones.
@inline(__always)
func gemmEdgeTile(
  rows: Int, columns: Int, kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
  bDepth: Int,
  c: UnsafeMutablePointer<Float>, ldc: Int, update: TileUpdate,
  tile: UnsafeMutablePointer<Float>
) {
  let width = GEMMTile.columns
  if update.readC {
    for i in 0..<rows {
      for j in 0..<columns { tile[i * width + j] = c[i * ldc + j] }
    }
  }
  gemmMicroKernel6x16(
    kc: kc, a: a, aRow: 1, aDepth: GEMMTile.rows, b: b, bDepth: bDepth, c: tile, ldc: width,
    update: update)
  for i in 0..<rows {
    for j in 0..<columns { c[i * ldc + j] = tile[i * width + j] }
  }
}
