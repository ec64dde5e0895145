import TensorEngine

extension RunSettings {
  /// The convolution algorithm float inference uses in `prepared`: `--convolution`, else the
  /// notebook's `convolution:` front matter, else direct.
  func effectiveConvolution(for prepared: PreparedNotebook) -> InferenceOptions.Convolution {
    convolution ?? prepared.convolution
  }

  /// The version part of `prepared`'s cache keys: `cacheVersion`, and for a convolution other
  /// than direct its name (` convolution=winograd`), so that a result computed one way is
  /// never reused for the other while direct keys stay those of earlier versions. Every
  /// statement's key gets it, not only those that run float inference: a conservative
  /// choice (training results are recomputed too).
  func cacheKeyVersion(for prepared: PreparedNotebook) -> String {
    switch effectiveConvolution(for: prepared) {
    case .direct: return cacheVersion
    case .winograd: return cacheVersion + " convolution=winograd"
    }
  }
}

extension RunSettings {
  /// The names `--convolution` takes.
  public static var convolutionNames: [String] {
    InferenceOptions.Convolution.allCases.map(\.rawValue)
  }

  /// The convolution called `name` (`--convolution NAME`), or nil for an unknown name.
  public static func convolution(named name: String) -> InferenceOptions.Convolution? {
    InferenceOptions.Convolution(rawValue: name)
  }
}
