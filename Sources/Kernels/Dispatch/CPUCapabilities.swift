internal import CPUID

/// The instruction-set extensions the host CPU has and its operating system enables.
///
/// Read once with cpuid (leaf 1: FMA, F16C, OSXSAVE, AVX; leaf 7: AVX2, AVX512F/BW/VL,
/// AVX512_VNNI in ECX bit 11; leaf 7 subleaf 1: AVX-VNNI in EAX bit 4) and XGETBV(0): the
/// 256-bit extensions count only when the OS saves YMM state (XCR0 bits 1, 2), the AVX-512 ones
/// only when it also saves opmask and ZMM state (bits 5, 6, 7). Everything is false on other
/// architectures.
public struct CPUCapabilities: Sendable, Equatable {
  public var avx2 = false, fma = false, f16c = false
  public var avx512F = false, avx512BW = false, avx512VL = false
  public var avx512VNNI = false, avxVNNI = false

  /// Capabilities from the C shim's bit set (`QB_CPU_*`).
  public init(bits: UInt32) {
    func has(_ flag: some BinaryInteger) -> Bool { bits & UInt32(flag) != 0 }
    avx2 = has(QB_CPU_AVX2)
    fma = has(QB_CPU_FMA)
    f16c = has(QB_CPU_F16C)
    avx512F = has(QB_CPU_AVX512F)
    avx512BW = has(QB_CPU_AVX512BW)
    avx512VL = has(QB_CPU_AVX512VL)
    avx512VNNI = has(QB_CPU_AVX512VNNI)
    avxVNNI = has(QB_CPU_AVXVNNI)
  }

  /// Everything listed as present (for tests and messages).
  public init(
    avx2: Bool = false, fma: Bool = false, f16c: Bool = false, avx512F: Bool = false,
    avx512BW: Bool = false, avx512VL: Bool = false, avx512VNNI: Bool = false,
    avxVNNI: Bool = false
  ) {
    (self.avx2, self.fma, self.f16c) = (avx2, fma, f16c)
    (self.avx512F, self.avx512BW, self.avx512VL) = (avx512F, avx512BW, avx512VL)
    (self.avx512VNNI, self.avxVNNI) = (avx512VNNI, avxVNNI)
  }

  /// This machine, detected once.
  public static let host = CPUCapabilities(bits: qb_cpu_features())

  /// The names of the extensions present, e.g. `["AVX2", "FMA", "F16C"]`.
  public var names: [String] {
    let all: [(Bool, String)] = [
      (avx2, "AVX2"), (fma, "FMA"), (f16c, "F16C"), (avx512F, "AVX512F"),
      (avx512BW, "AVX512BW"), (avx512VL, "AVX512VL"), (avx512VNNI, "AVX512-VNNI"),
      (avxVNNI, "AVX-VNNI"),
    ]
    return all.filter(\.0).map(\.1)
  }
}

/// A one-line message when a CPU with `bits` cannot run this build (x86-64 without AVX2, FMA
/// or F16C), else nil. The CLI calls the C shim's twin of this before any AVX2 code runs.
public func baselineMissingMessage(bits: UInt32) -> String? {
  qb_cpu_baseline_missing(bits).map { String(cString: $0) }
}
