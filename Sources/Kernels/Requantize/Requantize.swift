/// The output stage from int32 accumulators to int8, one quantized multiplier per channel.
///
/// For channel `j`: `q = clamp(zOut + multiplyByQuantizedMultiplier(acc + bias[j],
/// multipliers[j], shifts[j]), outputMin, outputMax)`, where `acc + bias` saturates to the
/// int32 range. A fused ReLU is `outputMin = outputZeroPoint`. The rounding rule is
/// `requantizationRoundingRule`.
public struct RequantizationStage: Sendable, Equatable {
  /// Q31 multipliers, one per output channel, each >= 0.
  public let multipliers: [Int32]
  /// Right shifts in [-31, 31], one per channel (negative: saturating left shift).
  public let shifts: [Int]
  /// The output zero point, in [-128, 127].
  public let outputZeroPoint: Int32
  /// The clamp range of the int8 output, `outputMin <= outputMax`.
  public let outputMin: Int8
  public let outputMax: Int8

  public var channels: Int { multipliers.count }

  public init(
    multipliers: [Int32], shifts: [Int], outputZeroPoint: Int32,
    outputMin: Int8 = .min, outputMax: Int8 = .max
  ) throws(IntegerKernelError) {
    let here = "RequantizationStage"
    try require(!multipliers.isEmpty, here, "needs at least one channel")
    try require(
      shifts.count == multipliers.count, here,
      "\(multipliers.count) multipliers but \(shifts.count) shifts; give one of each per channel")
    if let bad = multipliers.firstIndex(where: { $0 < 0 }) {
      throw IntegerKernelError(here, "multiplier \(multipliers[bad]) of channel \(bad) is negative")
    }
    if let bad = shifts.firstIndex(where: { !(-31...31).contains($0) }) {
      throw IntegerKernelError(here, "shift \(shifts[bad]) of channel \(bad) is outside [-31, 31]")
    }
    try require(
      (-128...127).contains(outputZeroPoint), here,
      "output zero point \(outputZeroPoint) is outside the int8 range [-128, 127]")
    try require(
      outputMin <= outputMax, here, "outputMin \(outputMin) exceeds outputMax \(outputMax)")
    self.multipliers = multipliers
    self.shifts = shifts
    self.outputZeroPoint = outputZeroPoint
    self.outputMin = outputMin
    self.outputMax = outputMax
  }

  /// A stage from real multipliers `M[j] = s_in * s_w[j] / s_out`, via `quantizeMultiplier`.
  public init(
    realMultipliers: [Double], outputZeroPoint: Int32,
    outputMin: Int8 = .min, outputMax: Int8 = .max
  ) throws(IntegerKernelError) {
    var multipliers: [Int32] = []
    var shifts: [Int] = []
    for real in realMultipliers {
      let (multiplier, shift) = try quantizeMultiplier(real)
      multipliers.append(multiplier)
      shifts.append(shift)
    }
    try self.init(
      multipliers: multipliers, shifts: shifts, outputZeroPoint: outputZeroPoint,
      outputMin: outputMin, outputMax: outputMax)
  }

  /// The int8 output of one accumulator (plus bias) of `channel`: the scalar definition.
  @inline(__always)
  public func apply(_ accumulator: Int32, bias: Int32, channel: Int) -> Int8 {
    let x = Int32(clamping: Int64(accumulator) + Int64(bias))
    let scaled = multiplyByQuantizedMultiplier(
      x, multiplier: multipliers[channel], shift: shifts[channel])
    let shifted = Int64(scaled) + Int64(outputZeroPoint)
    return Int8(min(max(shifted, Int64(outputMin)), Int64(outputMax)))
  }
}

/// Requantizes an `m x n` int32 matrix to int8 with a per-channel (per-column) stage.
///
/// Shapes: `accumulators` is `m x n` (row stride `lda >= n`), `bias` is `n` int32 or nil,
/// `output` is `m x n` int8 (row stride `ldo >= n`); `stage.channels == n`. Eight channels at
/// a time in SIMD (AVX2), bit-identical to `requantizeReference`.
public func requantize(
  m: Int, n: Int, accumulators: UnsafePointer<Int32>, lda: Int, bias: UnsafePointer<Int32>?,
  stage: RequantizationStage, output: UnsafeMutablePointer<Int8>, ldo: Int
) throws(IntegerKernelError) {
  try validateRequantize("requantize", m: m, n: n, lda: lda, ldo: ldo, stage: stage)
  let vectors = RequantizeVectorsIfAvailable(stage, bias: bias)
  // Blocks of 8 rows: each channel group's constants are loaded once per block, and the
  // block's rows (8 x n int32) stay in L1 while the groups sweep across them.
  var i = 0
  while i < m {
    let rows = min(8, m - i)
    requantizeRows(
      rows, accumulators + i * lda, lda: lda, n: n, firstChannel: 0, bias: bias, stage: stage,
      vectors: vectors, into: output + i * ldo, ldo: ldo)
    i += rows
  }
}

/// Checks the sizes, strides and channel count of a requantization call.
func validateRequantize(
  _ function: String, m: Int, n: Int, lda: Int, ldo: Int, stage: RequantizationStage
) throws(IntegerKernelError) {
  try require(m >= 0 && n >= 0, function, "negative size m=\(m) n=\(n)")
  try require(stage.channels == n, function, "stage has \(stage.channels) channels but n=\(n)")
  try require(lda >= n && ldo >= n, function, "row strides lda=\(lda) ldo=\(ldo) must be >= n=\(n)")
}
