// swift-tools-version: 6.1
// Quantbook: a literate notebook runner for model quantization.
// Module flow (one way): quantbook -> NotebookRunner -> {MarkdownNotebook, StepLanguage,
// Quantization -> TensorEngine -> Kernels, HTMLReport}. See docs/ARCHITECTURE.md.
import PackageDescription

/// Numeric targets are optimised even in debug builds, and on x86_64 built for AVX2 + FMA:
/// without FMA, SIMD `addProduct` falls back to a software fma per lane (~100x slower).
let numericSettings: [SwiftSetting] = {
  #if arch(x86_64)
    return [.unsafeFlags(["-O", "-Xcc", "-mavx2", "-Xcc", "-mfma", "-Xcc", "-mf16c"])]
  #else
    return [.unsafeFlags(["-O"])]
  #endif
}()

let numericCSettings: [CSetting] = {
  #if arch(x86_64)
    return [.unsafeFlags(["-O3", "-mavx2", "-mfma"])]
  #else
    return [.unsafeFlags(["-O3"])]
  #endif
}()

/// Settings of one instruction-set target (KernelsAVX512, ...): only that target is compiled
/// for `flags`, and Kernels calls it only after cpuid said the CPU has them (Dispatch/).
func isaSettings(_ flags: [String]) -> [SwiftSetting] {
  #if arch(x86_64)
    return [.unsafeFlags(["-O"] + flags.flatMap { ["-Xcc", $0] })]
  #else
    return [.unsafeFlags(["-O"])]
  #endif
}

let package = Package(
  name: "Quantbook",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "quantbook", targets: ["quantbook"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // System libraries (Debian packages).
    .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),

    // Text: notebooks and the step language.
    // Formulas: the TeX subset to MathML Core (pure; escapes through HTMLEscaping).
    .target(name: "TeXMath", dependencies: ["HTMLEscaping"]),
    .target(name: "MarkdownNotebook", dependencies: ["CCmark", "TeXMath", "HTMLEscaping"]),
    // Optimised even in debug: the fuzz test runs 20,000 programs in the normal test run.
    .target(
      name: "StepLanguage", dependencies: ["MarkdownNotebook", "QuantizationMethods"],
      swiftSettings: [.unsafeFlags(["-O"])]),

    // The engine.
    .target(
      name: "Kernels",
      dependencies: ["CPUID", "KernelsAVX512", "KernelsAVX512VNNI", "KernelsAVXVNNI"],
      swiftSettings: numericSettings),
    // Run-time dispatch: cpuid (plain x86-64 C, callable before any AVX2 code runs) and one
    // target per instruction set, each reached only through Kernels' dispatcher.
    .target(name: "CPUID", cSettings: [.unsafeFlags(["-O2"])]),
    .target(
      name: "KernelsAVX512",
      swiftSettings: isaSettings(["-mavx2", "-mfma", "-mavx512f", "-mavx512bw", "-mavx512vl"])),
    .target(
      name: "KernelsAVX512VNNI",
      swiftSettings: isaSettings([
        "-mavx2", "-mfma", "-mavx512f", "-mavx512bw", "-mavx512vl", "-mavx512vnni",
      ])),
    .target(name: "KernelsAVXVNNI", swiftSettings: isaSettings(["-mavx2", "-mfma", "-mavxvnni"])),
    .target(
      name: "TensorEngine", dependencies: ["Kernels", "CZlib"], swiftSettings: numericSettings),
    // The quantization methods and their bit widths: one table below the language and the engine.
    .target(name: "QuantizationMethods"),
    .target(
      name: "Quantization", dependencies: ["TensorEngine", "Kernels", "QuantizationMethods"],
      swiftSettings: numericSettings),

    // Output, orchestration, and the command line.
    // The one HTML escaper, below TeXMath, MarkdownNotebook and HTMLReport (no dependencies).
    .target(name: "HTMLEscaping"),
    .target(name: "HTMLReport", dependencies: ["CZlib", "HTMLEscaping"]),
    // Models out as ONNX: graphs of float, fake-quant and integer models, a small protobuf
    // writer (docs/EXPORT.md says why not swift-protobuf).
    .target(name: "ONNXExport", dependencies: ["Quantization", "TensorEngine", "Kernels"]),
    .target(
      name: "NotebookRunner",
      dependencies: [
        "MarkdownNotebook", "StepLanguage", "TensorEngine", "Quantization", "HTMLReport",
        "ONNXExport", "QuantizationMethods",
      ],
      swiftSettings: numericSettings),
    .target(
      name: "Benchmarks",
      dependencies: [
        "Kernels", "TensorEngine", "Quantization", "NotebookRunner", "QuantizationMethods",
      ],
      swiftSettings: numericSettings),
    .executableTarget(
      name: "quantbook",
      dependencies: [
        "NotebookRunner", "Benchmarks", "StepLanguage", "MarkdownNotebook", "CPUID",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // Tests mirror the source folders; TestSupport holds what several test targets share
    // (MarkedText, Scratch folders, the tests' SplitMix64).
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "TeXMathTests", dependencies: ["TeXMath"]),
    .testTarget(name: "MarkdownNotebookTests", dependencies: ["MarkdownNotebook", "TestSupport"]),
    .testTarget(name: "StepLanguageTests", dependencies: ["StepLanguage", "TestSupport"]),
    .testTarget(
      name: "KernelsTests", dependencies: ["Kernels", "TestSupport"], swiftSettings: numericSettings
    ),
    .testTarget(
      name: "TensorEngineTests", dependencies: ["TensorEngine"], swiftSettings: numericSettings),
    .testTarget(
      name: "QuantizationTests", dependencies: ["Quantization", "QuantizationMethods"],
      swiftSettings: numericSettings),
    .testTarget(
      name: "ONNXExportTests",
      dependencies: ["ONNXExport", "Quantization", "TensorEngine", "Kernels"],
      swiftSettings: numericSettings),
    .testTarget(
      name: "HTMLReportTests", dependencies: ["HTMLReport", "HTMLEscaping"], exclude: ["Snapshots"]),
    .testTarget(
      name: "NotebookRunnerTests", dependencies: ["NotebookRunner", "TestSupport"],
      exclude: ["Snapshots", "BadNotebooks"]),
  ],
  swiftLanguageModes: [.v6]
)
