/// The convolution kernel for layers with few input channels (the seed CNN's first layer:
/// one channel, a 9-value patch), chosen by `fusedConvForward` (plain twin:
/// `fusedConvForwardReference`).
///
/// With a patch of 9 values, `fusedConvForward`'s gathered patches and 6 x 16 product tiles
/// cost more than the 9 multiply-adds per output: here each group of four output pixels (a
/// 2 x 2 pool window, or four consecutive pixels without pool) reads its taps straight from
/// the image (`tapOffsets`, the same for every pixel away from the border), keeps 4 x 16
/// sums in registers per 16 filters, and pools, biases and activates them there. Each sum is
/// the FMA chain over the patch in im2col order from zero, as `FloatWeightPanels` (so
/// `sgemm`) computes it with one depth block: the outputs equal `fusedConvForward`'s bit for
/// bit (`ShallowConvTests`).
public enum ShallowConv {
  /// Input channels up to which `fusedConvForward` takes this kernel (measured for 1 to 4:
  /// docs/INFERENCE.md).
  public static let maximumChannels = 3

  /// Whether `shallowConvForward` runs this layer: few channels, one depth block, and pool
  /// 1 or 2.
  static func applies(_ g: ConvGeometry, weights: FloatWeightPanels, pool: Int) -> Bool {
    g.channels <= maximumChannels && weights.depthBlocks.count == 1 && pool <= 2
  }
}

/// `fusedConvForward` for the layers `ShallowConv.applies` picks: same arguments, same bits.
func shallowConvForward(
  _ g: ConvGeometry, input: UnsafePointer<Float>, weights: FloatWeightPanels,
  bias: UnsafePointer<Float>, activation: ActivationFunction, pool: Int,
  output: UnsafeMutablePointer<Float>, windows range: Range<Int>
) {
  let k = g.patchSize
  withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * k) { taps in
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 4 * k) { gathered in
      shallowConvWindows(
        g, input: input, weights: weights, bias: bias, activation: activation, pool: pool,
        output: output, windows: range, buffer: taps.baseAddress!,
        gathered: gathered.baseAddress!)
    }
  }
}

/// `shallowConvForward` with its stack buffers: `buffer` `2 * k` Ints, `gathered` `4 * k`
/// floats (`k = g.patchSize`).
private func shallowConvWindows(
  _ g: ConvGeometry, input: UnsafePointer<Float>, weights: FloatWeightPanels,
  bias: UnsafePointer<Float>, activation: ActivationFunction, pool: Int,
  output: UnsafeMutablePointer<Float>, windows range: Range<Int>,
  buffer: UnsafeMutablePointer<Int>, gathered: UnsafeMutablePointer<Float>
) {
  let p = max(1, pool)
  let (oh, ow) = FusedConv.outputSize(g, pool: p)
  let k = g.patchSize
  let filters = weights.n
  // Tap t of a pixel whose patch is inside the image: `offsets[t]` floats after its corner;
  // near the border the four patches are gathered (zeros for padding) and read at t.
  let offsets = buffer
  let identity = buffer + k
  g.patchOffsets(into: offsets)
  for t in 0..<k { identity[t] = t }
  let imageSize = g.height * g.width * g.channels
  @inline(__always) func corner(_ oy: Int, _ ox: Int, _ b: Int) -> (Int, Bool) {
    (b * imageSize + g.windowCorner(oy: oy, ox: ox), g.windowInside(oy: oy, ox: ox))
  }
  var w0 = range.lowerBound
  while w0 < range.upperBound {
    let count = p == 2 ? 1 : min(4, range.upperBound - w0)
    // The group's four pixels (oy, ox, sample); a short group repeats its last pixel.
    var oy = (0, 0, 0, 0)
    var ox = (0, 0, 0, 0)
    var sample = (0, 0, 0, 0)
    if p == 2 {
      let (px, py, b) = (w0 % ow, (w0 / ow) % oh, w0 / (ow * oh))
      oy = (2 * py, 2 * py, 2 * py + 1, 2 * py + 1)
      ox = (2 * px, 2 * px + 1, 2 * px, 2 * px + 1)
      sample = (b, b, b, b)
    } else {
      @inline(__always) func at(_ i: Int) -> (Int, Int, Int) {
        let index = w0 + min(i, count - 1)
        return ((index / ow) % oh, index % ow, index / (ow * oh))
      }
      let (q0, q1, q2, q3) = (at(0), at(1), at(2), at(3))
      oy = (q0.0, q1.0, q2.0, q3.0)
      ox = (q0.1, q1.1, q2.1, q3.1)
      sample = (q0.2, q1.2, q2.2, q3.2)
    }
    let c0 = corner(oy.0, ox.0, sample.0)
    let c1 = corner(oy.1, ox.1, sample.1)
    let c2 = corner(oy.2, ox.2, sample.2)
    let c3 = corner(oy.3, ox.3, sample.3)
    var sources = (input + c0.0, input + c1.0, input + c2.0, input + c3.0)
    var taps = UnsafePointer(offsets)
    if !(c0.1 && c1.1 && c2.1 && c3.1) {
      im2colRow(g, b: sample.0, oy: oy.0, ox: ox.0, input: input, columns: gathered)
      im2colRow(g, b: sample.1, oy: oy.1, ox: ox.1, input: input, columns: gathered + k)
      im2colRow(g, b: sample.2, oy: oy.2, ox: ox.2, input: input, columns: gathered + 2 * k)
      im2colRow(g, b: sample.3, oy: oy.3, ox: ox.3, input: input, columns: gathered + 3 * k)
      let r = UnsafePointer(gathered)
      sources = (r, r + k, r + 2 * k, r + 3 * k)
      taps = UnsafePointer(identity)
    }
    shallowGroup(
      sources, taps: taps, k: k, weights: weights, bias: bias, pooled: p == 2,
      activation: activation, output: output + w0 * filters, count: count)
    w0 += count
  }
}

/// Sums of four pixels (`sources.i[taps[t]]`, `t < k`) by every filter, 16 at a time; with
/// `pooled` their max then `act(max + bias)` into `output` (one pooled pixel: ReLU or
/// linear), else the first `count` pixels' sums then `biasActivationForward` on those rows.
@inline(__always)
private func shallowGroup(
  _ sources: (
    UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>,
    UnsafePointer<Float>
  ),
  taps: UnsafePointer<Int>, k: Int, weights: FloatWeightPanels, bias: UnsafePointer<Float>,
  pooled: Bool, activation: ActivationFunction, output: UnsafeMutablePointer<Float>, count: Int
) {
  let filters = weights.n
  let (s0, s1, s2, s3) = sources
  let relu = activation == .relu
  var f = 0
  while f < filters {
    let panel = weights.storage + f * k
    var (a0, b0, a1, b1) = (Float8(), Float8(), Float8(), Float8())
    var (a2, b2, a3, b3) = (Float8(), Float8(), Float8(), Float8())
    for t in 0..<k {
      let w0 = load8(panel + t * 16)
      let w1 = load8(panel + t * 16 + 8)
      let o = taps[t]
      let (v0, v1) = (Float8(repeating: s0[o]), Float8(repeating: s1[o]))
      let (v2, v3) = (Float8(repeating: s2[o]), Float8(repeating: s3[o]))
      a0.addProduct(v0, w0)
      b0.addProduct(v0, w1)
      a1.addProduct(v1, w0)
      b1.addProduct(v1, w1)
      a2.addProduct(v2, w0)
      b2.addProduct(v2, w1)
      a3.addProduct(v3, w0)
      b3.addProduct(v3, w1)
    }
    let lanes = min(16, filters - f)
    if pooled {
      pooledStore(poolMax4(a0, a1, a2, a3), bias + f, relu: relu, output + f, min(8, lanes))
      if lanes > 8 {
        pooledStore(poolMax4(b0, b1, b2, b3), bias + f + 8, relu: relu, output + f + 8, lanes - 8)
      }
    } else {
      let rows = ((a0, b0), (a1, b1), (a2, b2), (a3, b3))
      @inline(__always) func put(_ i: Int, _ sums: (Float8, Float8)) {
        guard i < count else { return }
        storeLanes(sums.0, output + i * filters + f, min(8, lanes))
        if lanes > 8 { storeLanes(sums.1, output + i * filters + f + 8, lanes - 8) }
      }
      put(0, rows.0)
      put(1, rows.1)
      put(2, rows.2)
      put(3, rows.3)
    }
    f += 16
  }
  if !pooled {
    biasActivationForward(output, rows: count, columns: filters, bias: bias, activation: activation)
  }
}
