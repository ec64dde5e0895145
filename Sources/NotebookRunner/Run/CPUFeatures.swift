import Foundation

/// The CPU features the engine's kernels use on this machine, for the report's metadata.
enum CPUFeatures {
  /// E.g. `["x86_64", "AVX2", "FMA", "int8 via vpmaddwd (exact, no VNNI)"]`.
  static let used: [String] = {
    #if arch(x86_64)
    let flags = cpuFlags()
    var features = ["x86_64"]
    if flags.contains("avx2") { features.append("AVX2") }
    if flags.contains("fma") { features.append("FMA") }
    let vnni = flags.contains("avx512_vnni") || flags.contains("avx_vnni")
    features.append(vnni ? "VNNI present (not used)" : "no VNNI")
    features.append("int8 products widened to int16, summed by vpmaddwd (exact)")
    return features
    #elseif arch(arm64)
    return ["arm64", "NEON"]
    #else
    return ["portable scalar"]
    #endif
  }()

  /// The `flags` line of /proc/cpuinfo, as a set (empty where it cannot be read).
  private static func cpuFlags() -> Set<String> {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
    for line in text.split(separator: "\n") where line.hasPrefix("flags") {
      return Set(line.split(separator: ":").last?.split(separator: " ").map(String.init) ?? [])
    }
    return []
  }
}
