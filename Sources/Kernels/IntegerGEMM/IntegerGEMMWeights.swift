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
  /// The same weights in the VNNI layout, with each channel's weight sum.
  var quads: VNNIWeightPanels { get }
  /// Runs `driveIntegerGEMM` with `tile`'s int16-pair kernel for this layout.
  func drivePairs(
    _ shape: GEMMShape, rows: ActivationRows, aZeroPoint: Int32, output: GEMMOutput,
    threads: Int, tile: IntegerTile)
}

extension IntegerGEMMWeights {
  /// The GEMM sizes for `m` rows of activations.
  func shape(m: Int) -> GEMMShape {
    GEMMShape(m: m, n: outputChannels, k: depth, depthPairs: depthPairs)
  }

  /// Runs the driver with `tile`: the int16-pair kernels on the pair layout, or the VNNI
  /// kernels on `quads`, each accumulator started at its channel's correction.
  func drive(
    _ shape: GEMMShape, rows: ActivationRows, aZeroPoint: Int32, output: GEMMOutput,
    threads: Int, tile: IntegerTile
  ) {
    guard tile.usesQuads else {
      drivePairs(
        shape, rows: rows, aZeroPoint: aZeroPoint, output: output, threads: threads, tile: tile)
      return
    }
    let panels = quads
    panels.storage.withUnsafeBufferPointer { packed in
      let base = UnsafeRawPointer(packed.baseAddress!)
      let panelBytes = panels.depthQuads * panels.blockBytes
      driveIntegerGEMM(
        shape, rows: rows, aZeroPoint: aZeroPoint, output: output, threads: threads,
        activations: .uint8Quads(depthQuads: panels.depthQuads)
      ) { a, panel, out, ldOut in
        tile.quads(
          a, panels, base + panel * panelBytes,
          initial: panels.correction(panel: panel, aZeroPoint: aZeroPoint), out, ldc: ldOut)
      }
    }
  }
}

extension PackedInt8Weights: IntegerGEMMWeights {
  func drivePairs(
    _ shape: GEMMShape, rows: ActivationRows, aZeroPoint: Int32, output: GEMMOutput,
    threads: Int, tile: IntegerTile
  ) {
    storage.withUnsafeBufferPointer { packed in
      let base = packed.baseAddress!
      driveIntegerGEMM(shape, rows: rows, aZeroPoint: aZeroPoint, output: output, threads: threads)
      { a, panel, out, ldOut in
        tile.int8Pairs(
          a, base + panel * shape.depthPairs * 32, depthPairs: shape.depthPairs, out, ldc: ldOut)
      }
    }
  }
}

extension PackedInt4Weights: IntegerGEMMWeights {
  func drivePairs(
    _ shape: GEMMShape, rows: ActivationRows, aZeroPoint: Int32, output: GEMMOutput,
    threads: Int, tile: IntegerTile
  ) {
    storage.withUnsafeBufferPointer { packed in
      let base = packed.baseAddress!
      driveIntegerGEMM(shape, rows: rows, aZeroPoint: aZeroPoint, output: output, threads: threads)
      { a, panel, out, ldOut in
        tile.int4Pairs(
          a, base + panel * shape.depthPairs * 16, depthPairs: shape.depthPairs, out, ldc: ldOut)
      }
    }
  }
}
