/// How the inference path (`InferenceModel`; `evaluate`, `outputs`, `predict`) computes
/// convolutions.
public struct InferenceOptions: Sendable, Equatable {
  /// The convolution algorithm.
  public enum Convolution: String, Sendable, CaseIterable {
    /// Implicit im2col + GEMM: every output bit-identical to the training forward pass.
    case direct
    /// Winograd F(2x2, 3x3) for the layers `winogradApplies` picks, direct for the others:
    /// 2.25x fewer multiplies, results within rounding of direct (see docs/INFERENCE.md).
    case winograd
  }

  public var convolution: Convolution
  /// Winograd is used only for 3 x 3 stride-1 convolutions with at least this many input
  /// channels (and filters): below it the transforms cost more than the multiplies saved
  /// (measured: docs/INFERENCE.md).
  public var winogradMinimumChannels: Int

  /// Batches of fewer samples are not cut into one part per thread: they run on the calling
  /// thread alone, or, with `shareSmallBatches`, with all threads sharing each step
  /// (measured: docs/INFERENCE.md).
  public var parallelMinimum: Int
  /// Whether batches below `parallelMinimum` share each step among the threads
  /// (`WorkerTeam`); on by default: on a quiet Zen 3, batch 1 on 2 threads ran 1.5-1.7x
  /// faster than on one thread alone (under heavy load it can lose: docs/INFERENCE.md).
  /// Results are the same bits either way.
  public var shareSmallBatches: Bool

  public init(
    convolution: Convolution = .direct, winogradMinimumChannels: Int = 8,
    parallelMinimum: Int = 8, shareSmallBatches: Bool = true
  ) {
    self.convolution = convolution
    self.winogradMinimumChannels = winogradMinimumChannels
    self.parallelMinimum = parallelMinimum
    self.shareSmallBatches = shareSmallBatches
  }

  /// Whether a convolution with `channels` inputs and `filters` outputs, kernel `kernel` and
  /// `stride` runs by Winograd under these options.
  public func winogradApplies(kernel: Int, stride: Int, channels: Int, filters: Int) -> Bool {
    switch convolution {
    case .direct: return false
    case .winograd:
      return kernel == 3 && stride == 1 && channels >= winogradMinimumChannels
        && filters >= winogradMinimumChannels
    }
  }
}

extension InferenceOptions {
  /// The options `evaluate`, `outputs` and `predict` use when the caller passes none: the
  /// defaults, unless bound for a scope with `InferenceOptions.$current.withValue(...)` (the
  /// notebook runner binds a notebook's `convolution` setting around its run). Task-local:
  /// read on the thread (or task) that calls `evaluate`, never on the engine's workers.
  @TaskLocal public static var current = InferenceOptions()
}
