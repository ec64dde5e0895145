import Kernels

/// What a report says about the machine and program that produced it: the CPU features the
/// kernels use, the engine's thread count and the Quantbook version.
///
/// These vary by host, so the runner never reads them itself: the CLI passes
/// `HostDescription.current(threads:)` and tests pass a fixed value, so that a report's bytes
/// do not depend on the machine the tests run on.
public struct HostDescription: Sendable, Equatable {
  /// The host's extensions and the kernel paths in use, in words (`KernelDispatch.summary`),
  /// e.g. `["x86_64 with AVX2 + FMA + F16C", "kernel path avx2", "int8/int4: AVX2 vpmaddwd on
  /// int16 pairs (exact)", "float: AVX2 + FMA (8-wide)"]`.
  public var cpuFeatures: [String]
  /// The engine's worker threads, as the report states them.
  public var threads: Int
  /// The Quantbook version the report names.
  public var engineVersion: String
  /// The integer kernels that run (`KernelPath.integerDescription`, e.g. `int8/int4: AVX2
  /// vpmaddwd on int16 pairs (exact)`): what an integer model's `.kernels` says in prose.
  public var integerKernels: String

  public init(
    cpuFeatures: [String], threads: Int, engineVersion: String,
    integerKernels: String = "integer kernels not stated"
  ) {
    self.cpuFeatures = cpuFeatures
    self.threads = threads
    self.engineVersion = engineVersion
    self.integerKernels = integerKernels
  }

  /// This machine's CPU features and kernel path (cpuid, `KernelDispatch`), `threads`, this
  /// Quantbook.
  public static func current(threads: Int) -> HostDescription {
    HostDescription(
      cpuFeatures: KernelDispatch.summary(), threads: threads,
      engineVersion: QuantbookVersion.string,
      integerKernels: KernelDispatch.current.integerDescription)
  }
}
