import ArgumentParser
import Foundation
import Kernels

/// `--kernels PATH` on `run` and `bench`: forces one kernel path. A name the CPU lacks (or
/// an unknown one, here or in `QUANTBOOK_KERNELS`) is a usage error (exit 2).
struct KernelsOption: ParsableArguments {
  @Option(
    help: """
      Kernel path: \(KernelPath.allCases.map(\.rawValue).joined(separator: ", ")) \
      (default: $QUANTBOOK_KERNELS, else the best this CPU has).
      """)
  var kernels: String?

  func validate() throws { try apply(selecting: false) }

  /// Makes the requested path (if any) the one the engine uses; `selecting: false` only checks
  /// the flag and `QUANTBOOK_KERNELS` (`validate`).
  func apply(selecting: Bool = true) throws {
    do {
      let environment = ProcessInfo.processInfo.environment
      if let path = try KernelDispatch.requested(flag: kernels, environment: environment),
        selecting
      {
        try KernelDispatch.select(path)
      }
    } catch {
      throw ValidationError(error.message)
    }
  }
}
