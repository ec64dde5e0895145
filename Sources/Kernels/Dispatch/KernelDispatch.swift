import Foundation

/// The dispatcher's choice: which `KernelPath` the kernels use when a caller names none.
///
/// The choice starts as the best path this CPU has (`KernelPath.best` on
/// `CPUCapabilities.host`). Kernels read no environment: the CLI parses `--kernels` and
/// `QUANTBOOK_KERNELS` (`requested`) and calls `select`. The per-instruction-set code lives in
/// its own targets (KernelsAVX512, KernelsAVX512VNNI, KernelsAVXVNNI), each compiled for its
/// own extension; only the switches over the path in the integer family (`IntegerTile`) and
/// `sgemm` lead into them, after the CPU was checked.
public enum KernelDispatch {
  private final class Choice: @unchecked Sendable {
    let lock = NSLock()
    var path = KernelPath.best(on: .host)
  }

  private static let choice = Choice()

  /// The path in use (read once per kernel call; the lock costs nanoseconds).
  public static var current: KernelPath {
    choice.lock.lock()
    defer { choice.lock.unlock() }
    return choice.path
  }

  /// Makes `path` the path in use, after checking the CPU has it.
  public static func select(_ path: KernelPath) throws(KernelPathError) {
    try path.requireSupported(source: "kernel path")
    choice.lock.lock()
    choice.path = path
    choice.lock.unlock()
  }

  /// The path asked for on the command line: `flag` (`--kernels`) if given, else
  /// `QUANTBOOK_KERNELS` in `environment` if set, else nil (the best path). Throws a clear
  /// message for an unknown name or a path this CPU lacks.
  public static func requested(
    flag: String?, environment: [String: String]
  ) throws(KernelPathError) -> KernelPath? {
    if let flag { return try KernelPath.parse(flag, source: "--kernels") }
    if let text = environment["QUANTBOOK_KERNELS"], !text.isEmpty {
      return try KernelPath.parse(text, source: "QUANTBOOK_KERNELS")
    }
    return nil
  }

  /// The report's lines on the host and the paths that ran, each free of commas (reports join
  /// them with ", "), e.g. `["x86_64 with AVX2 + FMA + F16C", "kernel path avx2", "int8/int4:
  /// AVX2 vpmaddwd on int16 pairs (exact)", "float: AVX2 + FMA (8-wide)"]`.
  public static func summary(_ path: KernelPath = current) -> [String] {
    #if arch(x86_64)
      let machine = "x86_64 with " + CPUCapabilities.host.names.joined(separator: " + ")
    #elseif arch(arm64)
      let machine = "arm64 (portable kernels)"
    #else
      let machine = "portable kernels"
    #endif
    return [
      machine, "kernel path \(path.rawValue)", path.integerDescription, path.floatDescription,
    ]
  }
}
