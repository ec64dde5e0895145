import Testing

@testable import Kernels

private let avx2Only = CPUCapabilities(avx2: true, fma: true, f16c: true)
private let zen4 = CPUCapabilities(
  avx2: true, fma: true, f16c: true, avx512F: true, avx512BW: true, avx512VL: true,
  avx512VNNI: true)
private let alderLake = CPUCapabilities(avx2: true, fma: true, f16c: true, avxVNNI: true)
private let skylakeX = CPUCapabilities(
  avx2: true, fma: true, f16c: true, avx512F: true, avx512BW: true, avx512VL: true)

@Test func theBestPathIsTheWidestTheCPUHas() {
  #expect(KernelPath.best(on: CPUCapabilities()) == .reference)
  #expect(KernelPath.best(on: avx2Only) == .avx2)
  #expect(KernelPath.best(on: skylakeX) == .avx512)
  #expect(KernelPath.best(on: alderLake) == .avxVNNI)
  #expect(KernelPath.best(on: zen4) == .avx512VNNI)
  #expect(!KernelPath.avx512VNNI.isSupported(on: skylakeX))
  #expect(!KernelPath.avx2.isSupported(on: CPUCapabilities(avx2: true, fma: true)))
  #expect(KernelPath.allCases.allSatisfy { $0.isSupported(on: zen4) != ($0 == .avxVNNI) })
}

@Test func pathNamesParseAndBadOnesSaySo() throws {
  #expect(try KernelPath.parse("AVX512-VNNI", source: "--kernels", cpu: zen4) == .avx512VNNI)
  let bare = CPUCapabilities()
  #expect(try KernelPath.parse("reference", source: "--kernels", cpu: bare) == .reference)
  #expect {
    try KernelPath.parse("avx3", source: "--kernels", cpu: zen4)
  } throws: { error in
    (error as? KernelPathError)?.message
      == "--kernels: unknown kernel path 'avx3';"
      + " expected one of reference, avx2, avx512, avx512-vnni, avx-vnni"
  }
  #expect {
    try KernelPath.parse("avx512-vnni", source: "QUANTBOOK_KERNELS", cpu: avx2Only)
  } throws: { error in
    (error as? KernelPathError)?.message
      == "QUANTBOOK_KERNELS: kernel path 'avx512-vnni' needs AVX-512 (F, BW, VL) with AVX512-VNNI"
      + ", which this CPU lacks (it has AVX2, FMA, F16C)"
      + "; paths it can run: reference, avx2"
  }
}

@Test func theFlagWinsOverTheEnvironment() throws {
  let environment = ["QUANTBOOK_KERNELS": "reference"]
  #expect(try KernelDispatch.requested(flag: nil, environment: environment) == .reference)
  #expect(try KernelDispatch.requested(flag: nil, environment: [:]) == nil)
  let both = try KernelDispatch.requested(
    flag: "reference", environment: ["QUANTBOOK_KERNELS": "x"])
  #expect(both == .reference)
  #expect(throws: KernelPathError.self) {
    try KernelDispatch.requested(flag: nil, environment: ["QUANTBOOK_KERNELS": "fast"])
  }
}

/// A kernel call on a path the CPU lacks is an error, not an illegal instruction.
@Test func aPathTheCPULacksIsRefusedBeforeAnyKernelRuns() {
  #expect(throws: IntegerKernelError.self) {
    try IntegerTile.checked(.avx2, "int8GEMM", cpu: CPUCapabilities())
  }
  #expect((try? IntegerTile.checked(.reference, "int8GEMM", cpu: CPUCapabilities())) == .portable)
  #expect((try? IntegerTile.checked(.avx512VNNI, "int8GEMM", cpu: zen4)) == .avx512VNNI)
}

@Test func theBaselineCheckNamesWhatIsMissing() {
  #if arch(x86_64)
    let none = baselineMissingMessage(bits: 0)
    #expect(none?.contains("lacks AVX2") == true)
    let noF16C = baselineMissingMessage(bits: 0b011)  // AVX2 and FMA only
    #expect(noF16C?.contains("lacks F16C") == true)
    #expect(baselineMissingMessage(bits: 0b111) == nil)
  #else
    #expect(baselineMissingMessage(bits: 0) == nil)
  #endif
}

@Test func reportsNameTheMethodInWords() {
  #expect(KernelPath.avx512VNNI.integerDescription == "int8/int4: AVX512-VNNI vpdpbusd (exact)")
  #expect(KernelPath.avx2.integerDescription == "int8/int4: AVX2 vpmaddwd on int16 pairs (exact)")
  #expect(KernelPath.avx512.floatDescription == "float: AVX2 + FMA (8-wide)")
  let summary = KernelDispatch.summary(.reference)
  #expect(summary.contains("kernel path reference"))
  #expect(summary.allSatisfy { !$0.contains(",") })
  #expect(summary.contains(KernelPath.reference.integerDescription))
}
