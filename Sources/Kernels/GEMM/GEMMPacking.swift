/// Copies blocks of B (and edge panels of A) into the layouts the micro-kernel streams through.
///
/// A block of `op(B)` (depth `p0 ..< p0 + kc`, columns `j0 ..< j0 + nc`) becomes
/// panels of 16 columns: panel `s` starts at `s * 16 * kc` and holds `B(p0 + p, j0 + 16s + j)`
/// at `p * 16 + j`. Rows or columns past the edge of the matrix are packed as zeros.
enum GEMMPacking {
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
        // B(p, j) = b[j * ldb + p]: each column is contiguous along p. Full panels move as
        // 8 x 8 blocks transposed in registers; the depth tail and ragged panels go singly.
        var done = 0
        if columns == nr {
          done = kc - kc % 8
          for half in 0..<2 {
            let src = b + (j0 + s + 8 * half) * ldb + p0
            var p = 0
            while p < done {
              transposeStore8x8(src + p, ldb, panel + p * nr + 8 * half, nr)
              p += 8
            }
          }
        }
        for j in 0..<columns {
          let src = b + (j0 + s + j) * ldb + p0
          for p in done..<kc { panel[p * nr + j] = src[p] }
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
    if depth == 1 {
      // Each of the `count` source lines is contiguous along p.
      for t in 0..<count {
        let line = src + t * row
        for p in 0..<kc { dst[p * width + t] = line[p] }
      }
      for p in 0..<kc {
        for t in count..<width { dst[p * width + t] = 0 }
      }
    } else {
      for p in 0..<kc {
        let out = dst + p * width
        let line = src + p * depth
        for t in 0..<count { out[t] = line[t * row] }
        for t in count..<width { out[t] = 0 }
      }
    }
  }

  /// Stores the transpose of the 8 x 8 block `src[r * srcStride + c]` (r, c < 8) at
  /// `dst[c * dstStride + r]`.
  ///
  /// Viewing the block as 64 floats with index `8r + c`, splitting it into even and odd
  /// elements rotates the 6 index bits right by one; three such rounds swap r and c.
  @inline(__always)
  static func transposeStore8x8(
    _ src: UnsafePointer<Float>, _ srcStride: Int, _ dst: UnsafeMutablePointer<Float>,
    _ dstStride: Int
  ) {
    var v0 = load8(src)
    var v1 = load8(src + srcStride)
    var v2 = load8(src + 2 * srcStride)
    var v3 = load8(src + 3 * srcStride)
    var v4 = load8(src + 4 * srcStride)
    var v5 = load8(src + 5 * srcStride)
    var v6 = load8(src + 6 * srcStride)
    var v7 = load8(src + 7 * srcStride)
    for _ in 0..<3 {
      (v0, v1, v2, v3, v4, v5, v6, v7) = (
        Float8(lowHalf: v0.evenHalf, highHalf: v1.evenHalf),
        Float8(lowHalf: v2.evenHalf, highHalf: v3.evenHalf),
        Float8(lowHalf: v4.evenHalf, highHalf: v5.evenHalf),
        Float8(lowHalf: v6.evenHalf, highHalf: v7.evenHalf),
        Float8(lowHalf: v0.oddHalf, highHalf: v1.oddHalf),
        Float8(lowHalf: v2.oddHalf, highHalf: v3.oddHalf),
        Float8(lowHalf: v4.oddHalf, highHalf: v5.oddHalf),
        Float8(lowHalf: v6.oddHalf, highHalf: v7.oddHalf)
      )
    }
    store8(v0, dst)
    store8(v1, dst + dstStride)
    store8(v2, dst + 2 * dstStride)
    store8(v3, dst + 3 * dstStride)
    store8(v4, dst + 4 * dstStride)
    store8(v5, dst + 5 * dstStride)
    store8(v6, dst + 6 * dstStride)
    store8(v7, dst + 7 * dstStride)
  }
}
