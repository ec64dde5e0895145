/// Packed weights the integer GEMM driver can multiply by: int8 (`PackedInt8Weights`) or
/// int4 (`PackedInt4Weights`). The layouts differ only in their 6 x 16 tile kernel, so every
/// public integer GEMM (plain, requantized, convolution) is written once over this protocol.
protocol IntegerGEMMWeights {
  /// `n`.
  var outputChannels: Int { get }
  /// `k`.
  var depth: Int { get }
  /// `ceil(k / 2)`: depth pairs per channel in the packed layout.
  var depthPairs: Int { get }
  /// Runs `driveIntegerGEMM` with this layout's tile kernel on its packed panels.
  func drive(
    _ shape: GEMMShape, rows: ActivationRows, aZeroPoint: Int32, output: GEMMOutput, threads: Int)
}

extension IntegerGEMMWeights {
  /// The GEMM sizes for `m` rows of activations.
  func shape(m: Int) -> GEMMShape {
    GEMMShape(m: m, n: outputChannels, k: depth, depthPairs: depthPairs)
  }
}

extension PackedInt8Weights: IntegerGEMMWeights {
  func drive(
    _ shape: GEMMShape, rows: ActivationRows, aZeroPoint: Int32, output: GEMMOutput, threads: Int
  ) {
    storage.withUnsafeBufferPointer { packed in
      let base = packed.baseAddress!
      driveIntegerGEMM(shape, rows: rows, aZeroPoint: aZeroPoint, output: output, threads: threads)
      {
        tile, panel, out, ldOut in
        int8TileKernel(
          tile, base + panel * shape.depthPairs * 32, depthPairs: shape.depthPairs, out, ldc: ldOut)
      }
    }
  }
}

extension PackedInt4Weights: IntegerGEMMWeights {
  func drive(
    _ shape: GEMMShape, rows: ActivationRows, aZeroPoint: Int32, output: GEMMOutput, threads: Int
  ) {
    storage.withUnsafeBufferPointer { packed in
      let base = packed.baseAddress!
      driveIntegerGEMM(shape, rows: rows, aZeroPoint: aZeroPoint, output: output, threads: threads)
      {
        tile, panel, out, ldOut in
        int4TileKernel(
          tile, base + panel * shape.depthPairs * 16, depthPairs: shape.depthPairs, out, ldc: ldOut)
      }
    }
  }
}
