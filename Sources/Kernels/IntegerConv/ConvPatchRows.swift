// Implicit im2col: the rows of a convolution's im2col matrix, packed straight from the NHWC
// input into the GEMM's int16 activation blocks. The explicit `int8Im2col` writes each patch
// as int8 and the GEMM's packing reads it back and widens it; here the patch is read once.

/// The im2col rows of convolution `conv` on `input`, optionally in the order of the max-pool
/// `pool` that follows it.
///
/// Without a pool, row `(b, oy, ox)` is the patch of output pixel `(oy, ox)` of sample `b`,
/// as in `int8Im2col`. With a pool, rows are `(b, py, px, wy, wx)`: the patch of output pixel
/// `(py * pool.strideY + wy, px * pool.strideX + wx)`, so the `pool.kernelHeight *
/// pool.kernelWidth` rows of each pooling window are consecutive, and output pixels that no
/// window covers (the last row and column of an odd-sized map under a 2x2 pool) get no row.
/// A patch is `conv.patchSize` values ordered (ky, kx, c); padding cells hold the input's zero
/// point, i.e. real 0.
struct ConvPatchRows {
  let conv: ConvGeometry
  let pool: ConvGeometry?
  let input: UnsafePointer<Int8>

  /// Rows: `batch * outHeight * outWidth`, or `batch * pooled cells * window` with a pool.
  var count: Int {
    guard let pool else { return conv.patchCount }
    return conv.batch * pool.outHeight * pool.outWidth * window
  }

  /// Consecutive rows reduced by the pool (1 without a pool).
  var window: Int { pool.map { $0.kernelHeight * $0.kernelWidth } ?? 1 }

  /// Packs rows `first ..< first + rows` as int16 `a - zeroPoint`, row `r` at
  /// `out + r * rowStride`, each `rowStride` long (values past `patchSize` are 0). Rows past
  /// `count` are all 0.
  ///
  /// Precondition: `out` has `packSlack` writable elements past the last row. A patch inside
  /// the input whose kernel rows are short (`kernelWidth * channels < 16`, e.g. 3 bytes for a
  /// 3x3 kernel on one channel) is widened sixteen bytes per kernel row, since a loop per byte
  /// costs more than the bytes it moves; the values written past a kernel row are overwritten
  /// by the next kernel row or row (rows are written in order) or land in the slack.
  func pack(
    first: Int, rows: Int, zeroPoint: Int16, into out: UnsafeMutablePointer<Int16>,
    rowStride: Int
  ) {
    let g = conv
    let c = g.channels
    let run = g.kernelWidth &* c
    let inputRow = g.width &* c
    let inputEnd = input + (g.batch &* g.height &* inputRow)
    let zeroLanes = SIMD16<Int16>(repeating: zeroPoint)
    let total = count
    var cursor = Cursor(self, row: first)
    for r in 0..<rows {
      let target = out + r &* rowStride
      if first &+ r >= total {
        target.update(repeating: 0, count: rowStride)
        continue
      }
      let (b, oy, ox) = cursor.pixel
      let x0 = ox &* g.strideX &- g.padLeft
      let y0 = oy &* g.strideY &- g.padTop
      let insideX = x0 >= 0 && x0 &+ g.kernelWidth <= g.width
      let insideY = y0 >= 0 && y0 &+ g.kernelHeight <= g.height
      if insideX && insideY {
        // Inside the input: no padding cells.
        let pixel = (b &* g.height &+ y0) &* g.width &+ x0
        var source = input + pixel &* c
        var kernelRow = target
        let lastRead = source + ((g.kernelHeight &- 1) &* inputRow &+ 16)
        if run < 16 && lastRead <= inputEnd {
          for _ in 0..<g.kernelHeight {
            let bytes = UnsafeRawPointer(source).loadUnaligned(as: SIMD16<Int8>.self)
            let wide = SIMD16<Int16>(truncatingIfNeeded: bytes) &- zeroLanes
            UnsafeMutableRawPointer(kernelRow).storeBytes(of: wide, as: SIMD16<Int16>.self)
            source += inputRow
            kernelRow += run
          }
        } else {
          for _ in 0..<g.kernelHeight {
            widen(source, run, minus: zeroPoint, into: kernelRow)
            source += inputRow
            kernelRow += run
          }
        }
      } else {
        packBorderPatch(b: b, oy: oy, ox: ox, zeroPoint: zeroPoint, into: target)
      }
      var tail = g.patchSize
      while tail < rowStride {
        target[tail] = 0
        tail &+= 1
      }
      cursor.advance()
    }
  }

  /// Elements of slack `pack` needs past its output.
  static let packSlack = 16

  /// Writes the patch of output pixel `(b, oy, ox)` when part of it lies in the padding, one
  /// kernel row (a run of `kernelWidth * channels` input bytes) at a time.
  private func packBorderPatch(
    b: Int, oy: Int, ox: Int, zeroPoint: Int16, into out: UnsafeMutablePointer<Int16>
  ) {
    let g = conv
    let c = g.channels
    let run = g.kernelWidth * c
    let x0 = ox * g.strideX - g.padLeft
    let firstKx = max(0, -x0)
    let endKx = min(g.kernelWidth, g.width - x0)
    var target = out
    for ky in 0..<g.kernelHeight {
      let y = oy * g.strideY + ky - g.padTop
      if y < 0 || y >= g.height || endKx <= firstKx {
        target.update(repeating: 0, count: run)
      } else {
        target.update(repeating: 0, count: firstKx * c)
        let source = input + ((b * g.height + y) * g.width + x0 + firstKx) * c
        widen(source, (endKx - firstKx) * c, minus: zeroPoint, into: target + firstKx * c)
        (target + endKx * c).update(repeating: 0, count: (g.kernelWidth - endKx) * c)
      }
      target += run
    }
  }

  /// A row's position, advanced row by row without a division: sample `b`, cell
  /// `(cellY, cellX)` (an output pixel, or a pooling window), and position `(wy, wx)` in the
  /// window (always 0 without a pool).
  private struct Cursor {
    let windowHeight: Int, windowWidth: Int, strideY: Int, strideX: Int
    let cellsHigh: Int, cellsWide: Int
    var b = 0, cellY = 0, cellX = 0, wy = 0, wx = 0

    init(_ rows: ConvPatchRows, row: Int) {
      let pool = rows.pool
      windowHeight = pool?.kernelHeight ?? 1
      windowWidth = pool?.kernelWidth ?? 1
      strideY = pool?.strideY ?? 1
      strideX = pool?.strideX ?? 1
      cellsHigh = pool?.outHeight ?? rows.conv.outHeight
      cellsWide = pool?.outWidth ?? rows.conv.outWidth
      var rest = row
      wx = rest % windowWidth
      rest /= windowWidth
      wy = rest % windowHeight
      rest /= windowHeight
      cellX = rest % cellsWide
      rest /= cellsWide
      cellY = rest % cellsHigh
      b = rest / cellsHigh
    }

    /// `(b, oy, ox)` of the current row.
    var pixel: (Int, Int, Int) {
      (b, cellY &* strideY &+ wy, cellX &* strideX &+ wx)
    }

    mutating func advance() {
      wx &+= 1
      if wx < windowWidth { return }
      wx = 0
      wy &+= 1
      if wy < windowHeight { return }
      wy = 0
      cellX &+= 1
      if cellX < cellsWide { return }
      cellX = 0
      cellY &+= 1
      if cellY < cellsHigh { return }
      cellY = 0
      b &+= 1
    }
  }
}

/// `out[i] = Int16(source[i]) - zeroPoint` for `count` values, sixteen at a time (the
/// difference lies in [-255, 255]: no overflow).
@inline(__always)
func widen(
  _ source: UnsafePointer<Int8>, _ count: Int, minus zeroPoint: Int16,
  into out: UnsafeMutablePointer<Int16>
) {
  let zeroLanes = SIMD16<Int16>(repeating: zeroPoint)
  let vectorCount = count / 16 * 16
  var p = 0
  while p < vectorCount {
    let bytes = UnsafeRawPointer(source + p).loadUnaligned(as: SIMD16<Int8>.self)
    let wide = SIMD16<Int16>(truncatingIfNeeded: bytes) &- zeroLanes
    UnsafeMutableRawPointer(out + p).storeBytes(of: wide, as: SIMD16<Int16>.self)
    p += 16
  }
  while p < count {
    out[p] = Int16(source[p]) &- zeroPoint
    p += 1
  }
}

/// Checks that `pool` is an unpadded pooling whose windows lie inside the output of `conv`.
func validatePooling(_ function: String, _ conv: ConvGeometry, pool: ConvGeometry)
  throws(IntegerKernelError)
{
  try validateGeometry(function, pool)
  try require(
    pool.batch == conv.batch && pool.height == conv.outHeight && pool.width == conv.outWidth,
    function,
    "the pooling reads \(pool.batch)x\(pool.height)x\(pool.width)"
      + " but the convolution writes \(conv.batch)x\(conv.outHeight)x\(conv.outWidth)"
  )
  try require(
    pool.padTop == 0 && pool.padLeft == 0
      && (pool.outHeight - 1) * pool.strideY + pool.kernelHeight <= pool.height
      && (pool.outWidth - 1) * pool.strideX + pool.kernelWidth <= pool.width, function,
    "every pooling window must lie inside the convolution's output (no padding)")
}
