/// A `k x n` row-major matrix B (a layer's weights) packed once for the fused inference
/// kernels, so that every element of `A * B` they compute is summed exactly as `sgemm` sums
/// it (the same depth blocks, the same fused multiply-adds in the same order).
///
/// Layout: `k` is cut into `sgemm`'s depth blocks (near-equal, at most 256 each, depending
/// only on `k`); for depth block `d` (rows `p0 ..< p0 + kc`) and 16-column panel `s`, the
/// panel holds `B[p0 + p, 16 s + j]` at `storage[p0 * paddedColumns + s * 16 * kc + p * 16 + j]`
/// (zero for `16 s + j >= n`). `paddedColumns = 16 * ceil(n / 16)`.
public final class FloatWeightPanels: @unchecked Sendable {
  // @unchecked: `storage` is written only by `init` and read-only afterwards.
  /// Rows of B (the product's depth).
  public let k: Int
  /// Columns of B (the product's output columns).
  public let n: Int
  /// `n` rounded up to whole 16-column panels.
  public let paddedColumns: Int
  /// `sgemm`'s depth blocks of `k`.
  let depthBlocks: [Range<Int>]
  let storage: UnsafeMutablePointer<Float>

  /// Packs a row-major `k x n` array.
  public init(_ b: [Float], k: Int, n: Int) {
    precondition(k >= 1 && n >= 1, "weight panels need k >= 1 and n >= 1")
    precondition(b.count == k * n, "weight panels: \(b.count) values for \(k) x \(n)")
    self.k = k
    self.n = n
    let width = GEMMTile.columns
    paddedColumns = (n + width - 1) / width * width
    let blocks = GEMMBlocking.depthBlockCount(k)
    depthBlocks = (0..<blocks).map { evenSlice(k, parts: blocks, part: $0) }
    storage = .allocate(capacity: k * paddedColumns)
    storage.initialize(repeating: 0, count: k * paddedColumns)
    for depth in depthBlocks {
      for s in 0..<(paddedColumns / width) {
        let panel = storage + depth.lowerBound * paddedColumns + s * width * depth.count
        for p in 0..<depth.count {
          for j in 0..<min(width, n - s * width) {
            panel[p * width + j] = b[(depth.lowerBound + p) * n + s * width + j]
          }
        }
      }
    }
  }

  deinit { storage.deallocate() }

  /// A full 6-row tile of `A * B`: `c[i * ldc + j] = sum_p A(i, p) B(p, j)` for `i < 6` and
  /// `j < paddedColumns`, with `A(i, p) = a[i * aRow + p]` (all six rows readable). Each
  /// element takes `sgemm`'s arithmetic: per depth block an FMA chain from zero, blocks added
  /// in order. `panels` (default all) limits the tile to those 16-column panels.
  @inline(__always)
  func multiplyPanel(
    _ a: UnsafePointer<Float>, aRow: Int, into c: UnsafeMutablePointer<Float>, ldc: Int,
    panels: Range<Int>? = nil
  ) {
    let width = GEMMTile.columns
    let panels = panels ?? 0..<(paddedColumns / width)
    for (d, depth) in depthBlocks.enumerated() {
      let update = TileUpdate.depthBlock(d)
      let block = storage + depth.lowerBound * paddedColumns
      for s in panels {
        gemmMicroKernel6x16(
          kc: depth.count, a: a + depth.lowerBound, aRow: aRow, aDepth: 1,
          b: block + s * width * depth.count, bDepth: width, c: c + s * width, ldc: ldc,
          update: update)
      }
    }
  }

  /// `rows` rows of `A * B` (`A(i, p) = a[i * aRow + p]`) into `c` (rows `ldc` apart): whole
  /// 6-row tiles by `multiplyPanel`, the ragged rest row by row by `multiplyRow` (the same
  /// arithmetic per element, and no padding rows computed or read).
  @inline(__always)
  func multiplyRows(
    _ a: UnsafePointer<Float>, aRow: Int, rows: Int, into c: UnsafeMutablePointer<Float>,
    ldc: Int
  ) {
    let full = rows / GEMMTile.rows * GEMMTile.rows
    for r in stride(from: 0, to: full, by: GEMMTile.rows) {
      multiplyPanel(a + r * aRow, aRow: aRow, into: c + r * ldc, ldc: ldc)
    }
    for r in full..<rows { multiplyRow(a + r * aRow, into: c + r * ldc) }
  }

  /// One row of `A * B`: `c[j] = sum_p a[p] B(p, j)` for `j < paddedColumns`, with the same
  /// per-element arithmetic as `multiplyPanel` (so as `sgemm`), up to four panels (64 columns,
  /// eight accumulators) at a time: the product of a batch's ragged last rows without
  /// padding them to six. `panels` (default all) limits the row to those 16-column panels.
  @inline(__always)
  func multiplyRow(
    _ a: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>, panels: Range<Int>? = nil
  ) {
    let width = GEMMTile.columns
    let panels = panels ?? 0..<(paddedColumns / width)
    for (d, depth) in depthBlocks.enumerated() {
      let block = storage + depth.lowerBound * paddedColumns
      let x = a + depth.lowerBound
      var s = panels.lowerBound
      while s < panels.upperBound {
        let group = min(4, panels.upperBound - s)
        var acc = (Float8(), Float8(), Float8(), Float8(), Float8(), Float8(), Float8(), Float8())
        let b0 = block + s * width * depth.count
        let stride = width * depth.count
        for p in 0..<depth.count {
          let v = Float8(repeating: x[p])
          let b = b0 + p * width
          acc.0.addProduct(v, load8(b))
          acc.1.addProduct(v, load8(b + 8))
          if group > 1 {
            acc.2.addProduct(v, load8(b + stride))
            acc.3.addProduct(v, load8(b + stride + 8))
          }
          if group > 2 {
            acc.4.addProduct(v, load8(b + 2 * stride))
            acc.5.addProduct(v, load8(b + 2 * stride + 8))
          }
          if group > 3 {
            acc.6.addProduct(v, load8(b + 3 * stride))
            acc.7.addProduct(v, load8(b + 3 * stride + 8))
          }
        }
        let update = TileUpdate.depthBlock(d)
        let out = c + s * width
        storeTileRow(acc.0, acc.1, out, update)
        if group > 1 { storeTileRow(acc.2, acc.3, out + width, update) }
        if group > 2 { storeTileRow(acc.4, acc.5, out + 2 * width, update) }
        if group > 3 { storeTileRow(acc.6, acc.7, out + 3 * width, update) }
        s += group
      }
    }
  }
}
