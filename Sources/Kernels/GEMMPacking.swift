/// Copies blocks of A and B into the panel layouts the micro-kernel streams through.
///
/// A block of `op(A)` (rows `i0 ..< i0 + mc`, depth `p0 ..< p0 + kc`) becomes panels of
/// `GEMMTile.rows` rows: panel `r` starts at `r * 6 * kc` and holds `A(i0 + 6r + i, p0 + p)` at
/// `p * 6 + i`. A block of `op(B)` (depth `p0 ..< p0 + kc`, columns `j0 ..< j0 + nc`) becomes
/// panels of 16 columns: panel `s` starts at `s * 16 * kc` and holds `B(p0 + p, j0 + 16s + j)`
/// at `p * 16 + j`. Rows or columns past the edge of the matrix are packed as zeros.
enum GEMMPacking {
  /// Packs `op(A)[i0 ..< i0 + mc, p0 ..< p0 + kc]` into `dst` (see the type's layout).
  static func packA(
    _ trans: Transpose, a: UnsafePointer<Float>, lda: Int,
    i0: Int, mc: Int, p0: Int, kc: Int, dst: UnsafeMutablePointer<Float>
  ) {
    let mr = GEMMTile.rows
    var panel = dst
    var r = 0
    while r < mc {
      let rows = min(mr, mc - r)
      if trans == .none {
        // A(i, p) = a[i * lda + p]: each row is contiguous along p.
        for i in 0..<rows {
          let src = a + (i0 + r + i) * lda + p0
          for p in 0..<kc { panel[p * mr + i] = src[p] }
        }
      } else {
        // A(i, p) = a[p * lda + i]: the panel's rows are contiguous at each p.
        for p in 0..<kc {
          let src = a + (p0 + p) * lda + i0 + r
          let out = panel + p * mr
          if rows == mr {
            out[0] = src[0]; out[1] = src[1]; out[2] = src[2]
            out[3] = src[3]; out[4] = src[4]; out[5] = src[5]
          } else {
            for i in 0..<rows { out[i] = src[i] }
          }
        }
      }
      if rows < mr {
        for p in 0..<kc {
          for i in rows..<mr { panel[p * mr + i] = 0 }
        }
      }
      panel += mr * kc
      r += mr
    }
  }

  /// Packs `op(B)[p0 ..< p0 + kc, j0 ..< j0 + nc]` into `dst` (see the type's layout).
  static func packB(
    _ trans: Transpose, b: UnsafePointer<Float>, ldb: Int,
    p0: Int, kc: Int, j0: Int, nc: Int, dst: UnsafeMutablePointer<Float>
  ) {
    let nr = GEMMTile.columns
    var panel = dst
    var s = 0
    while s < nc {
      let columns = min(nr, nc - s)
      if trans == .none {
        // B(p, j) = b[p * ldb + j]: the panel's columns are contiguous at each p.
        for p in 0..<kc {
          let src = b + (p0 + p) * ldb + j0 + s
          let out = panel + p * nr
          if columns == nr {
            store8(load8(src), out)
            store8(load8(src + 8), out + 8)
          } else {
            for j in 0..<columns { out[j] = src[j] }
            for j in columns..<nr { out[j] = 0 }
          }
        }
      } else {
        // B(p, j) = b[j * ldb + p]: each column is contiguous along p.
        for j in 0..<columns {
          let src = b + (j0 + s + j) * ldb + p0
          for p in 0..<kc { panel[p * nr + j] = src[p] }
        }
        if columns < nr {
          for p in 0..<kc {
            for j in columns..<nr { panel[p * nr + j] = 0 }
          }
        }
      }
      panel += nr * kc
      s += nr
    }
  }

  /// Packs one panel from an in-place operand: `dst[p * width + t] = src[t * row + p * depth]`
  /// for `t < count`, zeros for `count <= t < width`.
  static func packStrided(
    _ src: UnsafePointer<Float>, row: Int, depth: Int, count: Int, width: Int, kc: Int,
    dst: UnsafeMutablePointer<Float>
  ) {
    for p in 0..<kc {
      let out = dst + p * width
      for t in 0..<count { out[t] = src[t * row + p * depth] }
      for t in count..<width { out[t] = 0 }
    }
  }
}
