/// The fast Winograd F(2x2, 3x3) convolution for inference (plain twin:
/// `winogradConvForwardReference`), with the bias, the activation and an optional 2 x 2
/// max-pool fused: a 2 x 2 output tile is exactly one pool window, so with the pool each
/// tile becomes one pooled pixel and the pre-pool map is never written.
extension Winograd {
  /// Tiles per block: the block's transformed inputs `V` (16 x tiles x channels) and products
  /// `M` (16 x tiles x filters) stay in L2.
  static let blockTiles = 12

  /// Floats of scratch one thread needs for `winogradConvForward`.
  public static func scratchCount(channels: Int, filters: Int) -> Int {
    let padded = (filters + GEMMTile.columns - 1) / GEMMTile.columns * GEMMTile.columns
    return 16 * blockTiles * (channels + padded)
  }

  /// Tiles per sample, `(rows, columns)`: 2 x 2 output tiles covering the map, or with a
  /// 2 x 2 pool the whole pool windows only.
  public static func tileGrid(_ g: ConvGeometry, pool: Int) -> (Int, Int) {
    pool == 2
      ? (g.outHeight / 2, g.outWidth / 2) : ((g.outHeight + 1) / 2, (g.outWidth + 1) / 2)
  }

  /// Whether `winogradConvForward` can run this geometry: 3 x 3 kernel, stride 1.
  public static func supports(_ g: ConvGeometry) -> Bool {
    g.kernelHeight == 3 && g.kernelWidth == 3 && g.strideY == 1 && g.strideX == 1
  }
}

/// `output = pool(act(conv(input, W) + bias))` by Winograd F(2x2, 3x3), one thread.
///
/// Shapes: `input` `g.batch x g.height x g.width x g.channels` (NHWC, `g` a 3 x 3 stride-1
/// geometry, any padding); `output` `g.batch x H' x W' x filters` with `(H', W') =
/// FusedConv.outputSize(g, pool:)`; `pool` is 1 (none) or 2 (2 x 2 windows, stride 2, which
/// needs `.relu` or `.linear`). `scratch` holds `Winograd.scratchCount` floats.
///
/// Differs from direct convolution by rounding only: the transforms add and subtract inputs
/// and products (each `Y` is a signed sum of 16 products), so the error grows with the
/// magnitude of the inputs rather than of the result; the tests bound it.
///
/// `tiles` (default: all `Winograd.tileCount(g, pool:)`) limits the call to those 2 x 2
/// output tiles, numbered (sample, tile row, tile column), so that threads can share one
/// batch: each tile's outputs are computed exactly as the whole call computes them.
///
/// `phase` (profiling only: `InferenceModel.profile`) is called after each block's input
/// transform (0), products (1) and output transform (2).
public func winogradConvForward(
  _ g: ConvGeometry, input: UnsafePointer<Float>, weights: WinogradWeights,
  bias: UnsafePointer<Float>, activation: ActivationFunction, pool: Int,
  output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
  tiles range: Range<Int>? = nil, phase: ((Int) -> Void)? = nil
) {
  precondition(Winograd.supports(g) && g.channels == weights.channels)
  precondition(pool == 1 || (pool == 2 && (activation == .relu || activation == .linear)))
  let filters = weights.filters
  let ldc = weights.panels[0].paddedColumns
  let (tilesY, tilesX) = Winograd.tileGrid(g, pool: pool)
  let total = g.batch * tilesY * tilesX
  let range = range ?? 0..<total
  precondition(range.lowerBound >= 0 && range.upperBound <= total, "tiles out of range")
  let blockTiles = Winograd.blockTiles
  let c = g.channels
  let v = scratch
  let m = scratch + 16 * blockTiles * c
  /// Tile `index` as (sample, tile row, tile column).
  @inline(__always) func position(_ index: Int) -> (b: Int, ty: Int, tx: Int) {
    (index / (tilesX * tilesY), (index / tilesX) % tilesY, index % tilesX)
  }
  var t0 = range.lowerBound
  while t0 < range.upperBound {
    let count = min(blockTiles, range.upperBound - t0)
    for t in 0..<count {
      let (b, ty, tx) = position(t0 + t)
      winogradInputTile(
        g, input: input, b: b, y0: 2 * ty - g.padTop, x0: 2 * tx - g.padLeft,
        v: v + t * c, xiStride: blockTiles * c)
    }
    phase?(0)
    for xi in 0..<16 {
      weights.panels[xi].multiplyRows(
        v + xi * blockTiles * c, aRow: c, rows: count, into: m + xi * blockTiles * ldc, ldc: ldc)
    }
    phase?(1)
    for t in 0..<count {
      let index = t0 + t
      let (b, ty, tx) = position(index)
      let tile = m + t * ldc
      let xiStride = blockTiles * ldc
      if pool == 2 {
        winogradOutputPooled(
          tile, xiStride: xiStride, filters: filters, bias: bias, relu: activation == .relu,
          output: output + index * filters)
      } else {
        winogradOutputTile(
          tile, xiStride: xiStride, filters: filters, g: g, b: b, oy: 2 * ty, ox: 2 * tx,
          bias: bias, activation: activation, output: output)
      }
    }
    phase?(2)
    t0 += count
  }
}

/// `V = B^T d B` of the 4 x 4 input tile with corner `(y0, x0)` of sample `b` (zero outside
/// the image), for every channel: `v[xi * xiStride + c]`.
@inline(__always)
func winogradInputTile(
  _ g: ConvGeometry, input: UnsafePointer<Float>, b: Int, y0: Int, x0: Int,
  v: UnsafeMutablePointer<Float>, xiStride: Int
) {
  let image = input + b * g.height * g.width * g.channels
  if y0 >= 0 && x0 >= 0 && y0 + 4 <= g.height && x0 + 4 <= g.width && g.channels % 8 == 0 {
    return winogradInputTileInterior(
      image + (y0 * g.width + x0) * g.channels, rowStride: g.width * g.channels,
      channels: g.channels, v: v, xiStride: xiStride)
  }
  // 16 input vectors then 16 row-transformed ones, on the stack.
  withUnsafeTemporaryAllocation(of: Float8.self, capacity: 32) { buffer in
    let d = buffer.baseAddress!
    let t = d + 16
    var c = 0
    while c < g.channels {
      let lanes = min(8, g.channels - c)
      for i in 0..<4 {
        let y = y0 + i
        for j in 0..<4 {
          let x = x0 + j
          let inside = y >= 0 && y < g.height && x >= 0 && x < g.width
          d[i * 4 + j] =
            inside ? loadLanes(image + (y * g.width + x) * g.channels + c, lanes) : Float8()
        }
      }
      // Rows: t = B^T d.
      for j in 0..<4 {
        t[j] = d[j] - d[8 + j]
        t[4 + j] = d[4 + j] + d[8 + j]
        t[8 + j] = d[8 + j] - d[4 + j]
        t[12 + j] = d[4 + j] - d[12 + j]
      }
      // Columns: V = t B.
      for i in 0..<4 {
        let r = i * 4
        storeLanes(t[r] - t[r + 2], v + r * xiStride + c, lanes)
        storeLanes(t[r + 1] + t[r + 2], v + (r + 1) * xiStride + c, lanes)
        storeLanes(t[r + 2] - t[r + 1], v + (r + 2) * xiStride + c, lanes)
        storeLanes(t[r + 1] - t[r + 3], v + (r + 3) * xiStride + c, lanes)
      }
      c += 8
    }
  }
}

/// `winogradInputTile` for a tile inside the image and whole groups of eight channels: no
/// bounds checks, no buffer; each row of `t = B^T d` from the two input rows it needs, then
/// its four `V` values (the same additions in the same order, so the same bits).
@inline(__always)
private func winogradInputTileInterior(
  _ corner: UnsafePointer<Float>, rowStride: Int, channels: Int,
  v: UnsafeMutablePointer<Float>, xiStride: Int
) {
  var c = 0
  while c < channels {
    let p = corner + c
    @inline(__always) func d(_ i: Int, _ j: Int) -> Float8 {
      load8(p + i * rowStride + j * channels)
    }
    @inline(__always) func columns(_ r: Int, _ t0: Float8, _ t1: Float8, _ t2: Float8, _ t3: Float8)
    {
      store8(t0 - t2, v + r * xiStride + c)
      store8(t1 + t2, v + (r + 1) * xiStride + c)
      store8(t2 - t1, v + (r + 2) * xiStride + c)
      store8(t1 - t3, v + (r + 3) * xiStride + c)
    }
    // Rows of t: d0 - d2, d1 + d2, d2 - d1, d1 - d3.
    columns(0, d(0, 0) - d(2, 0), d(0, 1) - d(2, 1), d(0, 2) - d(2, 2), d(0, 3) - d(2, 3))
    columns(4, d(1, 0) + d(2, 0), d(1, 1) + d(2, 1), d(1, 2) + d(2, 2), d(1, 3) + d(2, 3))
    columns(8, d(2, 0) - d(1, 0), d(2, 1) - d(1, 1), d(2, 2) - d(1, 2), d(2, 3) - d(1, 3))
    columns(12, d(1, 0) - d(3, 0), d(1, 1) - d(3, 1), d(1, 2) - d(3, 2), d(1, 3) - d(3, 3))
    c += 8
  }
}

/// `Y = A^T m A` (2 x 2) for eight filters from the 16 products `m[xi * xiStride + f]`.
@inline(__always)
private func winogradOutput8(
  _ m: UnsafePointer<Float>, xiStride: Int
) -> (Float8, Float8, Float8, Float8) {
  @inline(__always) func at(_ xi: Int) -> Float8 { load8(m + xi * xiStride) }
  // Rows: s = A^T m (2 x 4).
  let s00 = at(0) + at(4) + at(8)
  let s01 = at(1) + at(5) + at(9)
  let s02 = at(2) + at(6) + at(10)
  let s03 = at(3) + at(7) + at(11)
  let s10 = at(4) - at(8) - at(12)
  let s11 = at(5) - at(9) - at(13)
  let s12 = at(6) - at(10) - at(14)
  let s13 = at(7) - at(11) - at(15)
  // Columns: Y = s A.
  return (s00 + s01 + s02, s01 - s02 - s03, s10 + s11 + s12, s11 - s12 - s13)
}

/// One tile's pooled output: `out[f] = act(max(Y) + bias[f])` for every filter (max taken in
/// `maxPoolForward`'s order: row by row, a later value replacing the best only when greater).
@inline(__always)
func winogradOutputPooled(
  _ m: UnsafePointer<Float>, xiStride: Int, filters: Int, bias: UnsafePointer<Float>,
  relu: Bool, output: UnsafeMutablePointer<Float>
) {
  var f = 0
  while f < filters {
    let (y00, y01, y10, y11) = winogradOutput8(m + f, xiStride: xiStride)
    pooledStore(
      poolMax4(y00, y01, y10, y11), bias + f, relu: relu, output + f, min(8, filters - f))
    f += 8
  }
}

/// One tile's four outputs into the map at `(b, oy ..< oy + 2, ox ..< ox + 2)`, skipping those
/// outside the map, then `biasActivationForward` on each pixel written (one row of `filters`:
/// the same arithmetic per element as one call over the whole map, softmax included).
@inline(__always)
func winogradOutputTile(
  _ m: UnsafePointer<Float>, xiStride: Int, filters: Int, g: ConvGeometry, b: Int, oy: Int,
  ox: Int, bias: UnsafePointer<Float>, activation: ActivationFunction,
  output: UnsafeMutablePointer<Float>
) {
  var f = 0
  while f < filters {
    let (y00, y01, y10, y11) = winogradOutput8(m + f, xiStride: xiStride)
    let lanes = min(8, filters - f)
    @inline(__always) func put(_ u: Int, _ w: Int, _ value: Float8) {
      guard oy + u < g.outHeight && ox + w < g.outWidth else { return }
      let pixel = (b * g.outHeight + oy + u) * g.outWidth + ox + w
      storeLanes(value, output + pixel * filters + f, lanes)
    }
    put(0, 0, y00)
    put(0, 1, y01)
    put(1, 0, y10)
    put(1, 1, y11)
    f += 8
  }
  for u in 0..<2 where oy + u < g.outHeight {
    for w in 0..<2 where ox + w < g.outWidth {
      let pixel = (b * g.outHeight + oy + u) * g.outWidth + ox + w
      biasActivationForward(
        output + pixel * filters, rows: 1, columns: filters, bias: bias, activation: activation)
    }
  }
}
