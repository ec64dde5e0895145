/// One implementation of the kernels, by instruction set; `QUANTBOOK_KERNELS` and `--kernels`
/// name them by their raw values.
///
/// Per kernel family the path selects:
///
/// | path | int8 / int4 GEMM, conv, fused conv + pool | float GEMM |
/// |---|---|---|
/// | `reference` | portable Swift tile (scalar int32) | `sgemmReference` |
/// | `avx2` | AVX2 `vpmaddwd` on int16 pairs | AVX2 + FMA |
/// | `avx512` | AVX-512BW `vpmaddwd` on int16 pairs (zmm) | AVX2 + FMA |
/// | `avx512-vnni` | AVX512-VNNI `vpdpbusd` on u8 x s8 quads (zmm) | AVX2 + FMA |
/// | `avx-vnni` | AVX-VNNI `vpdpbusd` (ymm, VEX) | AVX2 + FMA |
///
/// Every integer path gives the same bits as the reference. There is no AVX-512 float kernel
/// yet, so the float family keeps AVX2 + FMA on every path but `reference`. On other
/// architectures `reference` is the only path: the integer family runs the portable tile, the
/// float family its portable blocked GEMM.
public enum KernelPath: String, CaseIterable, Sendable {
  case reference
  case avx2
  case avx512
  case avx512VNNI = "avx512-vnni"
  case avxVNNI = "avx-vnni"

  /// Whether a CPU with `cpu` can run this path.
  public func isSupported(on cpu: CPUCapabilities) -> Bool {
    let baseline = cpu.avx2 && cpu.fma && cpu.f16c
    switch self {
    case .reference: return true
    case .avx2: return baseline
    case .avx512: return baseline && cpu.avx512F && cpu.avx512BW && cpu.avx512VL
    case .avx512VNNI:
      return baseline && cpu.avx512F && cpu.avx512BW && cpu.avx512VL && cpu.avx512VNNI
    case .avxVNNI: return baseline && cpu.avxVNNI
    }
  }

  /// What a CPU needs for this path, in words.
  public var requirement: String {
    switch self {
    case .reference: return "nothing"
    case .avx2: return "AVX2, FMA and F16C"
    case .avx512: return "AVX-512 (F, BW and VL)"
    case .avx512VNNI: return "AVX-512 (F, BW, VL) with AVX512-VNNI"
    case .avxVNNI: return "AVX-VNNI"
    }
  }

  /// The fastest path a CPU with `cpu` has: VNNI (512-bit, then 256-bit), then AVX-512, AVX2,
  /// and the reference.
  public static func best(on cpu: CPUCapabilities) -> KernelPath {
    let order: [KernelPath] = [.avx512VNNI, .avxVNNI, .avx512, .avx2]
    return order.first { $0.isSupported(on: cpu) } ?? .reference
  }

  /// The integer family's method, for reports, e.g. "int8/int4: AVX512-VNNI vpdpbusd (exact)".
  public var integerDescription: String {
    switch self {
    case .reference: return "int8/int4: portable Swift reference in scalar int32 (exact)"
    case .avx2: return "int8/int4: AVX2 vpmaddwd on int16 pairs (exact)"
    case .avx512: return "int8/int4: AVX-512BW vpmaddwd on int16 pairs (exact)"
    case .avx512VNNI: return "int8/int4: AVX512-VNNI vpdpbusd (exact)"
    case .avxVNNI: return "int8/int4: AVX-VNNI vpdpbusd 256-bit (exact)"
    }
  }

  /// The float family's method, for reports.
  public var floatDescription: String {
    switch self {
    case .reference:
      #if arch(x86_64)
        return "float: portable Swift reference GEMM"
      #else
        return "float: portable Swift blocked GEMM"
      #endif
    case .avx2, .avx512, .avx512VNNI, .avxVNNI: return "float: AVX2 + FMA (8-wide)"
    }
  }

  /// Parses a path name (`QUANTBOOK_KERNELS`, `--kernels`) and checks that `cpu` has it.
  ///
  /// `source` names where the text came from, for the message: e.g. "--kernels".
  public static func parse(
    _ text: String, source: String, cpu: CPUCapabilities = .host
  ) throws(KernelPathError) -> KernelPath {
    guard let path = KernelPath(rawValue: text.lowercased()) else {
      let names = allCases.map(\.rawValue).joined(separator: ", ")
      throw KernelPathError(
        message: "\(source): unknown kernel path '\(text)'; expected one of \(names)")
    }
    try path.requireSupported(on: cpu, source: source)
    return path
  }

  /// Throws unless `cpu` can run this path.
  public func requireSupported(
    on cpu: CPUCapabilities = .host, source: String
  ) throws(KernelPathError) {
    guard isSupported(on: cpu) else {
      let has = cpu.names.isEmpty ? "none of the x86 extensions" : cpu.names.joined(separator: ", ")
      let usable = KernelPath.allCases.filter { $0.isSupported(on: cpu) }.map(\.rawValue)
      let problem = "kernel path '\(rawValue)' needs \(requirement), which this CPU lacks"
      let alternatives = "paths it can run: \(usable.joined(separator: ", "))"
      throw KernelPathError(message: "\(source): \(problem) (it has \(has)); \(alternatives)")
    }
  }
}

/// A kernel path that cannot be used: an unknown name, or one the CPU lacks.
public struct KernelPathError: Error, Equatable, CustomStringConvertible, Sendable {
  public let message: String
  public var description: String { message }
}
