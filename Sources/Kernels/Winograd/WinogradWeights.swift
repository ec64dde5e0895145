/// Winograd F(2x2, 3x3) convolution: each 2 x 2 block of outputs of a 3 x 3, stride-1
/// convolution from a 4 x 4 input tile `d` with 16 multiplies per (channel, filter) instead of
/// 36 (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2016):
///
///     Y = A^T [ sum_c (G g_c G^T) .* (B^T d_c B) ] A
///
///     B^T = | 1  0 -1  0 |    G = | 1    0    0  |    A^T = | 1  1  1  0 |
///           | 0  1  1  0 |        | 1/2  1/2  1/2|          | 0  1 -1 -1 |
///           | 0 -1  1  0 |        | 1/2 -1/2  1/2|
///           | 0  1  0 -1 |        | 0    0    1  |
///
/// (correlation, as CNN layers compute it). The sum over channels is 16 independent matrix
/// products, one per position `xi` of the 4 x 4 transformed tile: `M_xi [tiles x filters] =
/// V_xi [tiles x channels] * U_xi [channels x filters]`.
public enum Winograd {
  /// `B^T`, `G`, `A^T` as written above (row-major), shared by the reference.
  static let inputMatrix: [[Float]] = [
    [1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1],
  ]
  static let kernelMatrix: [[Float]] = [
    [1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1],
  ]
  static let outputMatrix: [[Float]] = [[1, 1, 1, 0], [0, 1, -1, -1]]

  /// `G g G^T` for one 3 x 3 kernel `g` (row-major, `g[ky * 3 + kx]`): 16 values, row-major.
  static func transformKernel(_ g: [Float]) -> [Float] {
    var gg = [Float](repeating: 0, count: 12)  // G g: 4 x 3
    for i in 0..<4 {
      for j in 0..<3 {
        var s: Float = 0
        for t in 0..<3 { s += kernelMatrix[i][t] * g[t * 3 + j] }
        gg[i * 3 + j] = s
      }
    }
    var u = [Float](repeating: 0, count: 16)
    for i in 0..<4 {
      for j in 0..<4 {
        var s: Float = 0
        for t in 0..<3 { s += gg[i * 3 + t] * kernelMatrix[j][t] }
        u[i * 4 + j] = s
      }
    }
    return u
  }
}

/// A 3 x 3 convolution's weights transformed (`U = G g G^T`) and packed once per model: 16
/// matrices `U_xi`, `channels x filters`, each as `FloatWeightPanels`.
public final class WinogradWeights: @unchecked Sendable {
  // @unchecked: immutable after `init`.
  public let channels: Int
  public let filters: Int
  let panels: [FloatWeightPanels]

  /// From HWIO weights `[3, 3, channels, filters]` (`9 * channels * filters` values).
  public init(_ hwio: [Float], channels: Int, filters: Int) {
    precondition(hwio.count == 9 * channels * filters, "Winograd weights: wrong count")
    self.channels = channels
    self.filters = filters
    var u = [[Float]](
      repeating: [Float](repeating: 0, count: channels * filters), count: 16)
    var g = [Float](repeating: 0, count: 9)
    for c in 0..<channels {
      for f in 0..<filters {
        for t in 0..<9 { g[t] = hwio[(t * channels + c) * filters + f] }
        let transformed = Winograd.transformKernel(g)
        for xi in 0..<16 { u[xi][c * filters + f] = transformed[xi] }
      }
    }
    panels = u.map { FloatWeightPanels($0, k: channels, n: filters) }
  }
}
