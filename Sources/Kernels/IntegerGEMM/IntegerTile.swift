// The integer family's dispatcher: the one place that calls into the per-instruction-set
// targets. Each of their entry points is `@inline(never)` and compiled for its own extension,
// so nothing here runs an AVX-512 or VNNI instruction unless the path was checked against
// cpuid first (`KernelPath.isSupported`, enforced by `IntegerTile.checked`).
#if arch(x86_64)
  internal import KernelsAVX512
  internal import KernelsAVX512VNNI
  internal import KernelsAVXVNNI
#endif

/// The 6 x 16 micro-kernel the integer driver runs: one per `KernelPath`, plus a scalar
/// emulation of the VNNI kernels (`emulatedVNNI`, for tests on CPUs without VNNI).
enum IntegerTile {
  case portable, avx2, avx512, avx512VNNI, avxVNNI, emulatedVNNI

  init(_ path: KernelPath) {
    switch path {
    case .reference: self = .portable
    case .avx2: self = .avx2
    case .avx512: self = .avx512
    case .avx512VNNI: self = .avx512VNNI
    case .avxVNNI: self = .avxVNNI
    }
  }

  /// The tile for `path`, after checking that `cpu` (this machine) can run it.
  static func checked(
    _ path: KernelPath, _ function: String, cpu: CPUCapabilities = .host
  ) throws(IntegerKernelError) -> IntegerTile {
    try require(
      path.isSupported(on: cpu), function,
      "kernel path '\(path.rawValue)' needs \(path.requirement), which this CPU lacks")
    return IntegerTile(path)
  }

  /// Whether this tile reads unsigned byte quads (`vpdpbusd`) rather than int16 pairs.
  var usesQuads: Bool {
    switch self {
    case .portable, .avx2, .avx512: return false
    case .avx512VNNI, .avxVNNI, .emulatedVNNI: return true
    }
  }

  /// One int16-pair tile over the blocks at `w`: int8 (32 bytes) or, when `int4`, nibbles
  /// (16 bytes). Callers pass `int4` as a constant where they can, so that inlined, the width
  /// is chosen once, outside the per-tile calls.
  @inline(__always)
  func pairs(
    _ a: PackedActivationTile, _ w: UnsafeRawPointer, int4: Bool, depthPairs: Int,
    _ c: UnsafeMutablePointer<Int32>, ldc: Int
  ) {
    #if arch(x86_64)
      let (ab, rb) = (a.base, a.rowBytes)
      switch self {
      case .avx2 where int4: int4TileKernel(a, w, depthPairs: depthPairs, c, ldc: ldc)
      case .avx2: int8TileKernel(a, w, depthPairs: depthPairs, c, ldc: ldc)
      case .avx512 where int4:
        avx512PairTileInt4(ab, rowBytes: rb, w, depthPairs: depthPairs, c, ldc: ldc)
      case .avx512: avx512PairTileInt8(ab, rowBytes: rb, w, depthPairs: depthPairs, c, ldc: ldc)
      case .portable, .avx512VNNI, .avxVNNI, .emulatedVNNI:
        portablePairTile(a, w, int4: int4, depthPairs: depthPairs, c, ldc: ldc)
      }
    #else
      portablePairTile(a, w, int4: int4, depthPairs: depthPairs, c, ldc: ldc)
    #endif
  }

  /// One VNNI tile: `c[r, j] = initial[j] + sum_p u[r, p] * W[j, p]` over `panel`'s blocks.
  @inline(__always)
  func quads(
    _ a: PackedActivationTile, _ panel: VNNIWeightPanels, _ w: UnsafeRawPointer,
    initial: SIMD16<Int32>, _ c: UnsafeMutablePointer<Int32>, ldc: Int
  ) {
    let dq = panel.depthQuads
    let int4 = panel.blockBytes == 32
    #if arch(x86_64)
      withUnsafeBytes(of: initial) { start in
        let s = start.baseAddress!
        let (rb, b) = (a.rowBytes, a.base)
        switch self {
        case .avx512VNNI where int4:
          avx512VNNIQuadTileInt4(b, rowBytes: rb, w, depthQuads: dq, initial: s, c, ldc: ldc)
        case .avx512VNNI:
          avx512VNNIQuadTileInt8(b, rowBytes: rb, w, depthQuads: dq, initial: s, c, ldc: ldc)
        case .avxVNNI where int4:
          avxVNNIQuadTileInt4(b, rowBytes: rb, w, depthQuads: dq, initial: s, c, ldc: ldc)
        case .avxVNNI:
          avxVNNIQuadTileInt8(b, rowBytes: rb, w, depthQuads: dq, initial: s, c, ldc: ldc)
        case .portable, .avx2, .avx512, .emulatedVNNI:
          emulatedVNNITile(
            a, w, depthQuads: dq, blockBytes: panel.blockBytes, initial: initial, c, ldc: ldc)
        }
      }
    #else
      emulatedVNNITile(
        a, w, depthQuads: dq, blockBytes: panel.blockBytes, initial: initial, c, ldc: ldc)
    #endif
  }
}
