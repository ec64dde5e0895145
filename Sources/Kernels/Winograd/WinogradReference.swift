/// The plain reference twin of `winogradConvForward`: the same algorithm written with the
/// matrices `B^T`, `G`, `A^T` (see `Winograd`) as plain loops, one element at a time.

/// `output = act(conv(input, W) + bias)` by Winograd F(2x2, 3x3), no pool. Shapes as in
/// `winogradConvForward` with `pool == 1`; `weights` are HWIO `[3, 3, g.channels, filters]`.
public func winogradConvForwardReference(
  _ g: ConvGeometry, input: UnsafePointer<Float>, weights: UnsafePointer<Float>, filters: Int,
  bias: UnsafePointer<Float>, activation: ActivationFunction, output: UnsafeMutablePointer<Float>
) {
  precondition(Winograd.supports(g))
  let bt = Winograd.inputMatrix
  let at = Winograd.outputMatrix
  let channels = g.channels
  // U[c][f] = G g G^T.
  var u = [[Float]](repeating: [], count: channels * filters)
  for c in 0..<channels {
    for f in 0..<filters {
      let kernel = (0..<9).map { weights[($0 * channels + c) * filters + f] }
      u[c * filters + f] = Winograd.transformKernel(kernel)
    }
  }
  for b in 0..<g.batch {
    for ty in 0..<((g.outHeight + 1) / 2) {
      for tx in 0..<((g.outWidth + 1) / 2) {
        // V[c] = B^T d B for each channel.
        var v = [[Float]](repeating: [Float](repeating: 0, count: 16), count: channels)
        for c in 0..<channels {
          var d = [Float](repeating: 0, count: 16)
          for i in 0..<4 {
            for j in 0..<4 {
              let y = 2 * ty + i - g.padTop
              let x = 2 * tx + j - g.padLeft
              if y >= 0 && y < g.height && x >= 0 && x < g.width {
                d[i * 4 + j] = input[((b * g.height + y) * g.width + x) * channels + c]
              }
            }
          }
          for i in 0..<4 {
            for j in 0..<4 {
              var s: Float = 0
              for p in 0..<4 {
                for q in 0..<4 { s += bt[i][p] * d[p * 4 + q] * bt[j][q] }
              }
              v[c][i * 4 + j] = s
            }
          }
        }
        for f in 0..<filters {
          // M = sum_c U .* V, then Y = A^T M A.
          var m = [Float](repeating: 0, count: 16)
          for xi in 0..<16 {
            for c in 0..<channels { m[xi] += u[c * filters + f][xi] * v[c][xi] }
          }
          for r in 0..<2 {
            for s in 0..<2 {
              let oy = 2 * ty + r
              let ox = 2 * tx + s
              guard oy < g.outHeight && ox < g.outWidth else { continue }
              var y: Float = 0
              for p in 0..<4 {
                for q in 0..<4 { y += at[r][p] * m[p * 4 + q] * at[s][q] }
              }
              output[((b * g.outHeight + oy) * g.outWidth + ox) * filters + f] = y
            }
          }
        }
      }
    }
  }
  biasActivationForwardReference(
    output, rows: g.batch * g.outHeight * g.outWidth, columns: filters, bias: bias,
    activation: activation)
}
