import Kernels

/// Keras's default initialisers for the sequence layers, drawn from the model's one
/// `SeededRandom`:
///
/// - embedding: uniform in `±0.05`;
/// - recurrent kernel `W` `[F, width]`: Glorot uniform, `±sqrt(6 / (F + width))`;
/// - recurrent matrix `U` `[units, width]`: orthogonal (rows orthonormal): a `[width, units]`
///   standard normal matrix, orthonormalised column by column (Gram-Schmidt, which is QR with
///   `R`'s diagonal positive, as Keras's sign correction makes it), transposed;
/// - biases zero, except the LSTM's forget block (`unit_forget_bias`): one.
enum RecurrentInitialization {
  /// The initial `(weights, bias)` of an embedding or recurrent layer on `input`; nil for
  /// other layers.
  static func parameters(of kind: LayerKind, input: [Int], rng: inout SeededRandom)
    -> (Tensor, Tensor?)?
  {
    switch kind {
    case .embedding(let vocabulary, let width):
      var table = Tensor(shape: [vocabulary, width])
      for i in 0..<table.count { table.data[i] = rng.uniform(-0.05, 0.05) }
      return (table, nil)
    case .recurrent(let cell, let units):
      let features = input[input.count - 1]
      let width = cell.gateCount * units
      var weights = Tensor(shape: [features + units, width])
      let limit = (6 / Float(features + width)).squareRoot()
      for i in 0..<(features * width) { weights.data[i] = rng.uniform(-limit, limit) }
      let orthogonal = orthonormalRows(rows: units, columns: width, rng: &rng)
      for i in 0..<(units * width) { weights.data[features * width + i] = orthogonal[i] }
      var bias = Tensor(shape: cell == .gru ? [2, width] : [width], repeating: 0)
      if cell == .lstm {
        for j in units..<(2 * units) { bias.data[j] = 1 }
      }
      return (weights, bias)
    case .conv2d, .dense, .maxPool, .avgPool, .flatten, .dropout, .batchNorm, .activation:
      return nil
    }
  }

  /// A `rows x columns` matrix (row-major) with orthonormal rows when `rows <= columns`
  /// (orthonormal columns otherwise), from standard normal draws.
  static func orthonormalRows(rows: Int, columns: Int, rng: inout SeededRandom) -> [Float] {
    // Orthonormalise the `small` vectors of length `large`, then lay them out as rows or columns.
    let (small, large) = (min(rows, columns), max(rows, columns))
    var vectors = (0..<small).map { _ in (0..<large).map { _ in Double(rng.normal()) } }
    for v in 0..<small {
      for _ in 0..<2 {  // twice, for orthogonality to rounding error
        for p in 0..<v {
          var dot = 0.0
          for i in 0..<large { dot += vectors[v][i] * vectors[p][i] }
          for i in 0..<large { vectors[v][i] -= dot * vectors[p][i] }
        }
      }
      var norm = 0.0
      for i in 0..<large { norm += vectors[v][i] * vectors[v][i] }
      norm = norm.squareRoot()
      for i in 0..<large { vectors[v][i] /= norm }
    }
    var out = [Float](repeating: 0, count: rows * columns)
    for v in 0..<small {
      for i in 0..<large {
        if rows <= columns {
          out[v * columns + i] = Float(vectors[v][i])
        } else {
          out[i * columns + v] = Float(vectors[v][i])
        }
      }
    }
    return out
  }
}
