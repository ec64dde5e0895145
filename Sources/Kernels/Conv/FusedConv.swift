/// Inference convolution with the bias, the activation and an optional max-pool fused into
/// the product's output tile (plain twin: `fusedConvForwardReference` in
/// FusedConvReference.swift).
///
/// Output pixels are taken a block at a time: their patches are gathered (implicit im2col,
/// one block of rows in scratch), multiplied by the pre-packed weights in 6 x 16 register
/// tiles, and the block's results are pooled, biased and activated while in L1. No
/// whole-map patch matrix or pre-pool feature map is written.
///
/// With a pool (`pool > 1`: `pool x pool` windows, stride `pool`, valid), only the output
/// pixels some window covers are computed; e.g. an 11 x 11 map under a 2-pool keeps 10 x 10,
/// and the 21 pixels of row 10 and column 10 are never multiplied. The max is taken before
/// the bias and the activation: `act(max_i(s_i) + b) = max_i(act(s_i + b))` exactly, because
/// adding one `b` in float and ReLU are both monotone (non-decreasing), so the result is
/// the same as conv, then bias + activation, then max-pool.
public enum FusedConv {
  /// Output pixels (or pool windows) per block of the fast kernel.
  static let blockWindows = 6

  /// Floats of scratch one thread needs for `fusedConvForward` with these sizes.
  public static func scratchCount(_ g: ConvGeometry, filters: Int, pool: Int) -> Int {
    let rows = blockRows(pool: pool)
    let padded = (filters + GEMMTile.columns - 1) / GEMMTile.columns * GEMMTile.columns
    return rows * g.patchSize + rows * padded
  }

  /// Rows of the product per block: whole windows, whole 6-row panels.
  static func blockRows(pool: Int) -> Int { blockWindows * max(1, pool) * max(1, pool) }

  /// The output map's shape per sample, `(height, width)`, after the optional pool.
  public static func outputSize(_ g: ConvGeometry, pool: Int) -> (Int, Int) {
    pool > 1 ? (g.outHeight / pool, g.outWidth / pool) : (g.outHeight, g.outWidth)
  }
}

/// `output = pool(act(conv(input, W) + bias))` for one thread, all `g.batch` samples.
///
/// Shapes: `input` is `g.batch x g.height x g.width x g.channels` (NHWC); `weights` packs the
/// `g.patchSize x filters` matrix (HWIO flattened, rows ordered (ky, kx, c)); `bias` has
/// `weights.n` values; `output` is `g.batch x H' x W' x filters` with `(H', W') =
/// FusedConv.outputSize(g, pool:)`. `pool > 1` requires `activation` to be `.relu` or
/// `.linear`. `scratch` holds `FusedConv.scratchCount(g, filters:, pool:)` floats.
///
/// Every output equals, bit for bit, `im2col` + `sgemm` + `biasActivationForward` (+
/// `maxPoolForward`), since each sum takes `sgemm`'s arithmetic (see `FloatWeightPanels`).
///
/// `windows` (default: all `g.batch * H' * W'`) limits the call to those output pixels (pool
/// windows), numbered in output order, so that threads can share one batch: each computes
/// its range exactly as the whole call would.
///
/// Layers with few input channels (`ShallowConv.applies`) go to `shallowConvForward`, which
/// reads the image directly and gives the same bits; `shallow: false` keeps them on the
/// gathered path (tests and `bench infer-float-crossover` compare the two).
public func fusedConvForward(
  _ g: ConvGeometry, input: UnsafePointer<Float>, weights: FloatWeightPanels,
  bias: UnsafePointer<Float>, activation: ActivationFunction, pool: Int,
  output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
  windows range: Range<Int>? = nil, shallow: Bool = true
) {
  precondition(weights.k == g.patchSize, "conv weights have depth \(weights.k)")
  precondition(pool <= 1 || activation == .relu || activation == .linear)
  let p = max(1, pool)
  let (oh, ow) = FusedConv.outputSize(g, pool: p)
  let windows = g.batch * oh * ow
  let windowRows = p * p
  let filters = weights.n
  let ldc = weights.paddedColumns
  let patches = scratch
  let tile = scratch + FusedConv.blockRows(pool: p) * g.patchSize
  let range = range ?? 0..<windows
  precondition(range.lowerBound >= 0 && range.upperBound <= windows, "windows out of range")
  if shallow && ShallowConv.applies(g, weights: weights, pool: pool) {
    return shallowConvForward(
      g, input: input, weights: weights, bias: bias, activation: activation, pool: pool,
      output: output, windows: range)
  }
  var w0 = range.lowerBound
  while w0 < range.upperBound {
    let count = min(FusedConv.blockWindows, range.upperBound - w0)
    let rows = count * windowRows
    // Gather the block's patches: row (window, dy, dx).
    for w in 0..<count {
      let index = w0 + w
      let px = index % ow
      let py = (index / ow) % oh
      let b = index / (ow * oh)
      for dy in 0..<p {
        for dx in 0..<p {
          im2colRow(
            g, b: b, oy: py * p + dy, ox: px * p + dx, input: input,
            columns: patches + (w * windowRows + dy * p + dx) * g.patchSize)
        }
      }
    }
    weights.multiplyRows(patches, aRow: g.patchSize, rows: rows, into: tile, ldc: ldc)
    let out = output + w0 * filters
    if p == 1 {
      for r in 0..<rows {
        (out + r * filters).update(from: tile + r * ldc, count: filters)
      }
      biasActivationForward(out, rows: rows, columns: filters, bias: bias, activation: activation)
    } else {
      poolBiasActivation(
        tile, ldc: ldc, windows: count, windowRows: windowRows, filters: filters, bias: bias,
        relu: activation == .relu, output: out)
    }
    w0 += count
  }
}

/// For each window `w`: `out[w, f] = act(max_r tile[w * windowRows + r, f] + bias[f])`
/// (ReLU when `relu`, else identity), the max kept as `maxPoolForward` keeps it (a later
/// value replaces the best only when greater).
@inline(__always)
func poolBiasActivation(
  _ tile: UnsafePointer<Float>, ldc: Int, windows: Int, windowRows: Int, filters: Int,
  bias: UnsafePointer<Float>, relu: Bool, output: UnsafeMutablePointer<Float>
) {
  let zero = Float8()
  for w in 0..<windows {
    let rows = tile + w * windowRows * ldc
    let out = output + w * filters
    var f = 0
    while f + 8 <= filters {
      var best = load8(rows + f)
      for r in 1..<windowRows {
        let v = load8(rows + r * ldc + f)
        best.replace(with: v, where: v .> best)
      }
      best += load8(bias + f)
      if relu { best.replace(with: zero, where: best .< zero) }
      store8(best, out + f)
      f += 8
    }
    while f < filters {
      var best = rows[f]
      for r in 1..<windowRows where rows[r * ldc + f] > best { best = rows[r * ldc + f] }
      out[f] = biasActivationScalar(best, bias[f], relu: relu)
      f += 1
    }
  }
}
