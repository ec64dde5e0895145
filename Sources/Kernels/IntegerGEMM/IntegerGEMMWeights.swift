/// How the integer GEMM driver multiplies by packed weights: every public integer GEMM (plain,
/// requantized, convolution) is written once over `PackedIntegerWeights`, whose bit width picks
/// the micro-kernel once per tile, outside its depth loop.
extension PackedIntegerWeights {
  /// The GEMM sizes for `m` rows of activations.
  func shape(m: Int) -> GEMMShape {
    GEMMShape(m: m, n: outputChannels, k: depth, depthPairs: depthPairs)
  }

  /// Runs the driver with `tile`: the int16-pair kernels on the pair layout, or the VNNI
  /// kernels on `quads`, each accumulator started at its channel's correction.
  @inline(__always)
  func drive(
    _ shape: GEMMShape, rows: ActivationRows, aZeroPoint: Int32, output: GEMMOutput,
    threads: Int, tile: IntegerTile
  ) {
    guard tile.usesQuads else {
      let pairs = shape.depthPairs
      let panelBytes = pairs * blockBytes
      storage.withUnsafeBufferPointer { packed in
        let base = UnsafeRawPointer(packed.baseAddress!)
        // One closure per width: the width is a constant in the per-tile calls.
        if bits == 4 {
          driveIntegerGEMM(
            shape, rows: rows, aZeroPoint: aZeroPoint, output: output, threads: threads
          ) { a, panel, out, ldOut in
            tile.pairs(a, base + panel * panelBytes, int4: true, depthPairs: pairs, out, ldc: ldOut)
          }
        } else {
          driveIntegerGEMM(
            shape, rows: rows, aZeroPoint: aZeroPoint, output: output, threads: threads
          ) { a, panel, out, ldOut in
            tile.pairs(
              a, base + panel * panelBytes, int4: false, depthPairs: pairs, out, ldc: ldOut)
          }
        }
      }
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
