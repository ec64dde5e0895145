import Foundation
import Kernels

/// The CPU features the engine's kernels use on this machine, for the report's metadata.
enum CPUFeatures {
  /// The host's extensions and the kernel paths in use, in words (`KernelDispatch.summary`),
  /// e.g. `["x86_64 with AVX2 + FMA + F16C", "kernel path avx2", "int8/int4: AVX2 vpmaddwd on
  /// int16 pairs (exact)", "float: AVX2 + FMA (8-wide)"]`. Read per report (`--kernels`).
  static var used: [String] { KernelDispatch.summary() }
}
